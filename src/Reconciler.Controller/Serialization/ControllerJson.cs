using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Reconciler.Controller.Configuration;
using Reconciler.Controller.Recovery;
using Reconciler.Controller.State;
using Reconciler.Controller.Status;
using Reconciler.Controller.Writers;
using Reconciler.Core.Model;
using Reconciler.Core.Text;
using Reconciler.Storage.Cycle;

namespace Reconciler.Controller.Serialization;

/// <summary>
/// Every type the controller reads or writes as JSON, with its serializers generated at build
/// time: no reflection, so the state, standby, /status and configuration work under Native AOT,
/// and a cold process builds no serializers. The options (naming, enums, nulls) stay with each
/// file's owner; this only supplies the metadata.
/// </summary>
[JsonSerializable(typeof(ReconcilerState))]
[JsonSerializable(typeof(ControllerStatus))]
[JsonSerializable(typeof(StandbyManifest))]
[JsonSerializable(typeof(StandbyRecord))]
[JsonSerializable(typeof(FenceRecord))]
[JsonSerializable(typeof(RestoreRecord))]
[JsonSerializable(typeof(FailoverReport))]
[JsonSerializable(typeof(WorkerStandbyStatus))]
[JsonSerializable(typeof(ControllerOptions))]
[JsonSerializable(typeof(SwarmInitParameters))]
internal sealed partial class ControllerJson : JsonSerializerContext
{
    /// <summary>The enums those types hold, by name (the generated files list them: ControllerJson.*.g.cs with GetEnumConverter).</summary>
    public static JsonConverterFactory Enums { get; } = StateNames.Converters(
        StateNames.Converter<ApplyResult>(),
        StateNames.Converter<StackSync>(),
        StateNames.Converter<ReplicationState>(),
        StateNames.Converter<WriterCheck>(),
        StateNames.Converter<WriterGuard>(),
        StateNames.Converter<RestoreMethod>());
}

/// <summary>Typed access to the metadata of options whose resolver is generated.</summary>
public static class TypedJson
{
    public static JsonTypeInfo<T> Info<T>(this JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
}
