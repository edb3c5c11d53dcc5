using FluentValidation;
using Reconciler.Core.Diagnostics;
using Reconciler.Core.Model;

namespace Reconciler.Core.Validation.Fields;

internal sealed class ReplicationFieldRules : AbstractValidator<ReplicationManifest>
{
    public ReplicationFieldRules()
    {
        RuleFor(r => r.TargetDataset).Must(Names.IsDatasetName).When(r => r.TargetDataset.Length > 0)
            .Reports(Rules.DatasetName, "/spec/target/dataset")
            .WithMessage(r => Formats.DatasetMessage("target dataset", r.TargetDataset));
        RuleFor(r => r.Every).Must(e => e.IsValid).When(r => r.Every.Text.Length > 0)
            .Reports(Rules.DurationForm, "/spec/every")
            .WithMessage(r => Formats.DurationMessage("every", r.Every));
        RuleFor(r => r.MaxLag!).Must(m => m.IsValid).When(r => r.MaxLag is not null)
            .Reports(Rules.DurationForm, "/spec/maxLag")
            .WithMessage(r => Formats.DurationMessage("maxLag", r.MaxLag!));
        RuleFor(r => r.Keep!).Must(k => k.IsValid).When(r => r.Keep is not null)
            .Reports(Rules.RetentionForm, "/spec/keep")
            .WithMessage(r => Formats.RetentionMessage("keep", r.Keep!));
    }
}
