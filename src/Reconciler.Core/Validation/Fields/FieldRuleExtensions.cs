using FluentValidation;
using FluentValidation.Results;
using Reconciler.Core.Diagnostics;
using Reconciler.Core.Model;

namespace Reconciler.Core.Validation.Fields;

/// <summary>Ties FluentValidation rules to our rule codes and to the JSON pointer of the field.</summary>
internal static class FieldRuleExtensions
{
    public static IRuleBuilderOptions<T, TProperty> Reports<T, TProperty>(
        this IRuleBuilderOptions<T, TProperty> rule, Rule code, string pointer) =>
        rule.WithErrorCode(code.Code).WithState(_ => pointer);

    public static IRuleBuilderOptions<T, TProperty> Reports<T, TProperty>(
        this IRuleBuilderOptions<T, TProperty> rule, Rule code, Func<T, string> pointer) =>
        rule.WithErrorCode(code.Code).WithState(pointer);

    /// <summary>Adds a failure for a field that a plain loop checked (map keys, list items).</summary>
    public static void Report<T>(this ValidationContext<T> context, Rule code, string pointer, string message) =>
        context.AddFailure(new ValidationFailure(pointer, message) { ErrorCode = code.Code, CustomState = pointer });

    public static IEnumerable<Diagnostic> ToDiagnostics(this FluentValidation.Results.ValidationResult result, Manifest manifest) =>
        result.Errors.Select(failure => Rules.All.Single(r => r.Code == failure.ErrorCode)
            .At(manifest.Source.Locate((string)failure.CustomState), failure.ErrorMessage));
}
