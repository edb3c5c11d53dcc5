namespace Reconciler.Core.Planning.Rendering;

public enum PlanFormat
{
    /// <summary>A terraform-like view for the terminal.</summary>
    Text,

    /// <summary>Ready to paste as a pull-request comment.</summary>
    Markdown,

    /// <summary>For tools.</summary>
    Json,
}
