namespace Reconciler.Core.Loading;

/// <summary>How plain scalars are typed.</summary>
public enum YamlDialect
{
    /// <summary>YAML 1.2 core schema, for manifests: an unquoted 0750 is the number 750, and the validator asks for quotes.</summary>
    Core,

    /// <summary>As docker stack deploy reads compose files: an unquoted 0440 is octal (288), like a file mode.</summary>
    Compose,
}
