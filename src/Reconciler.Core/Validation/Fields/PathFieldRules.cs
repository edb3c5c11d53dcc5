using FluentValidation;
using Reconciler.Core.Diagnostics;
using Reconciler.Core.Model;

namespace Reconciler.Core.Validation.Fields;

internal sealed class PathFieldRules : AbstractValidator<PathManifest>
{
    public PathFieldRules()
    {
        RuleFor(p => p.Path).Must(p => HostPath.Problem(p) is null).When(p => p.Path.Length > 0)
            .Reports(Rules.PathForm, "/spec/path")
            .WithMessage(p => Formats.PathMessage("path", p.Path));
        RuleFor(p => p.Mode).Must(OctalMode.IsValid)
            .Reports(Rules.FileMode, "/spec/mode")
            .WithMessage(p => Formats.ModeMessage(p.Mode));
    }
}
