using Reconciler.Core.Compose;
using Reconciler.Core.Diagnostics;
using Reconciler.Core.Loading;
using Reconciler.Core.Model;

namespace Reconciler.Core.Validation.State;

/// <summary>
/// Every file a compose file names (a config's or secret's file, a required env_file) must be
/// in the repository and readable: otherwise the deploy would lack it, so validate and diff
/// refuse rather than drop it.
/// </summary>
internal sealed class FileReferenceRules(IRepositoryFiles files) : IStateRule
{
    public IEnumerable<Diagnostic> Check(DesiredState state)
    {
        foreach (var compose in state.Stacks.Select(state.ComposeOf).OfType<ComposeFile>())
        {
            var objects = compose.Configs.Values.Select(o => (Kind: "config", Object: o))
                .Concat(compose.Secrets.Values.Select(o => (Kind: "secret", Object: o)));
            foreach (var (kind, definition) in objects)
            {
                if (definition.File is { } file && Problem(compose.PathOf(file)) is { } problem)
                {
                    yield return Rules.ComposeFileMissing.At(compose.Source.Locate(definition.Pointer + "/file"), $"{kind} '{definition.Key}': {problem}");
                }
            }

            foreach (var service in compose.Services)
            {
                foreach (var reference in service.EnvFiles.Where(r => r.Required))
                {
                    if (Problem(compose.PathOf(reference.Path)) is { } problem)
                    {
                        yield return Rules.ComposeFileMissing.At(compose.Source.Locate(reference.Pointer),
                            $"env_file of service '{service.Name}': {problem}; add the file, or write {{path: {reference.Path}, required: false}} if it is optional");
                    }
                }
            }
        }
    }

    /// <summary>Why the file cannot be used, or null; the path is relative to the compose file.</summary>
    private string? Problem(string path)
    {
        try
        {
            return files.Read(path) is null ? $"file '{path}' does not exist (paths are relative to the compose file)" : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"file '{path}' cannot be read: {e.Message}";
        }
    }
}
