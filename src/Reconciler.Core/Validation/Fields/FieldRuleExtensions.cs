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

    /// <summary>Adds a failure for a list item that a plain loop checked.</summary>
    public static void Report<T>(this ValidationContext<T> context, Rule code, string pointer, string message) =>
        context.AddFailure(new ValidationFailure(pointer, message) { ErrorCode = code.Code, CustomState = pointer });

    /// <summary>Adds a failure about a mapping key itself (a label or property name), pointing at the key.</summary>
    public static void ReportKey<T>(this ValidationContext<T> context, Rule code, string pointer, string message) =>
        context.AddFailure(new ValidationFailure(pointer, message) { ErrorCode = code.Code, CustomState = new KeyPointer(pointer) });

    public static IEnumerable<Diagnostic> ToDiagnostics(this FluentValidation.Results.ValidationResult result, Manifest manifest) =>
        result.Errors.Select(failure => Rules.All.Single(r => r.Code == failure.ErrorCode).At(
            failure.CustomState is KeyPointer key ? manifest.Source.LocateKey(key.Pointer) : manifest.Source.Locate((string)failure.CustomState),
            failure.ErrorMessage));

    private sealed record KeyPointer(string Pointer);
}
