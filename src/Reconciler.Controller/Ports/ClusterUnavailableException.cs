namespace Reconciler.Controller.Ports;

/// <summary>The engine or a node could not be reached: the cycle ends with an error and the next one re-plans from the cluster as it is.</summary>
public sealed class ClusterUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
