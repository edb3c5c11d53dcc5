using Reconciler.Core.Diagnostics;
using Reconciler.Core.Model;

namespace Reconciler.Core.Validation.State;

/// <summary>A rule across manifests and compose files: references, policy, single writer.</summary>
internal interface IStateRule
{
    IEnumerable<Diagnostic> Check(DesiredState state);
}
