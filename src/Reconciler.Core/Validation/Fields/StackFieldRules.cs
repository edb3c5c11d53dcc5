using FluentValidation;
using Reconciler.Core.Diagnostics;
using Reconciler.Core.Model;

namespace Reconciler.Core.Validation.Fields;

internal sealed class StackFieldRules : AbstractValidator<StackManifest>
{
    public StackFieldRules()
    {
        RuleFor(s => s.Name).Must(Names.IsStackName).When(s => s.Name.Length > 0)
            .Reports(Rules.StackName, "/metadata/name")
            .WithMessage(s => $"stack name '{s.Name}' is not valid for Docker: use letters, digits, '_' and '-', starting with a letter or digit, at most 63 characters");
        RuleFor(s => s.ConvergenceTimeout).Must(t => t.IsValid)
            .Reports(Rules.DurationForm, "/spec/convergenceTimeout")
            .WithMessage(s => Formats.DurationMessage("convergenceTimeout", s.ConvergenceTimeout));
    }
}
