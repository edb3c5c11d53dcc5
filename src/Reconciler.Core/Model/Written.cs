namespace Reconciler.Core.Model;

/// <summary>
/// A field as the manifest (or the configuration) wrote it and as it was parsed, once, when it
/// was bound. Plans, diffs and messages show the text ("90m" stays "90m"); the controller acts on
/// the value. Text that does not parse carries its problem instead of a value: validation reports
/// it with file and line, so nothing past validation ever asks for the value of one.
/// </summary>
public sealed record Written<T>
    where T : notnull
{
    private readonly T? value;

    private Written(string text, T? value, string? problem)
    {
        Text = text;
        this.value = value;
        Problem = problem;
    }

    public string Text { get; }

    /// <summary>Why the text does not parse; null when it does.</summary>
    public string? Problem { get; }

    public bool IsValid => Problem is null;

    public T Value => IsValid
        ? value!
        : throw new InvalidOperationException($"'{Text}' was used although it does not parse ({Problem}); validation rejects such a manifest");

    public static Written<T> Parsed(string text, T value) => new(text, value, null);

    public static Written<T> Invalid(string text, string problem) => new(text, default, problem);

    public override string ToString() => Text;
}
