using FluentValidation;
using Reconciler.Core.Diagnostics;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;

namespace Reconciler.Core.Validation.Fields;

internal sealed class DatasetFieldRules : AbstractValidator<DatasetManifest>
{
    public DatasetFieldRules()
    {
        RuleFor(d => d.Name).Must(Names.IsDatasetName).When(d => d.Name.Length > 0)
            .Reports(Rules.DatasetName, "/metadata/name")
            .WithMessage(d => Formats.DatasetMessage("dataset", d.Name));
        RuleFor(d => d.Mountpoint).Must(p => HostPath.Problem(p) is null).When(d => d.Mountpoint.Length > 0)
            .Reports(Rules.PathForm, "/spec/mountpoint")
            .WithMessage(d => Formats.PathMessage("mountpoint", d.Mountpoint));
        RuleFor(d => d.Mode).Must(OctalMode.IsValid)
            .Reports(Rules.FileMode, "/spec/mode")
            .WithMessage(d => Formats.ModeMessage(d.Mode));
        RuleFor(d => d.Writer).Must(w => w!.Split('/') is [{ Length: > 0 }, { Length: > 0 }]).When(d => d.Writer is not null)
            .Reports(Rules.UnknownWriter, "/spec/writer")
            .WithMessage(d => $"writer '{d.Writer}' must be written stack/service, e.g. vaultwarden/server");
        RuleFor(d => d.Snapshots!.Every).Must(e => e.IsValid).When(d => d.Snapshots is { Every.Text.Length: > 0 })
            .Reports(Rules.DurationForm, "/spec/snapshots/every")
            .WithMessage(d => Formats.DurationMessage("snapshots.every", d.Snapshots!.Every));
        RuleFor(d => d.Snapshots!.Keep).Must(k => k.IsValid).When(d => d.Snapshots is { Keep.Text.Length: > 0 })
            .Reports(Rules.RetentionForm, "/spec/snapshots/keep")
            .WithMessage(d => Formats.RetentionMessage("snapshots.keep", d.Snapshots!.Keep));
        RuleFor(d => d.Snapshots!.Prefix).Must(Names.IsSnapshotPrefix).When(d => d.Snapshots is not null)
            .Reports(Rules.DatasetName, "/spec/snapshots/prefix")
            .WithMessage(d => $"snapshot prefix '{d.Snapshots!.Prefix}' may only use letters, digits, '_', '.' and '-'");
        RuleFor(d => d).Custom((dataset, context) =>
        {
            foreach (var name in dataset.Properties.Keys.Where(k => !Names.IsZfsProperty(k)))
            {
                context.ReportKey(Rules.PropertyName, JsonPointers.Child("/spec/properties", name),
                    $"'{name}' is not a ZFS property name: native ones are lower-case (compression, recordsize), user ones are module:name");
            }
        });
    }
}
