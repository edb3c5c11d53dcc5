namespace Reconciler.Core.Diagnostics;

/// <summary>
/// Every rule the validator knows. Codes are stable: never renumber one, only add.
/// RC1xx structure, RC2xx value formats, RC3xx references, RC4xx policy,
/// RC5xx single writer, RC6xx compose compatibility.
/// </summary>
public static class Rules
{
    public static readonly Rule YamlSyntax = new("RC100", Severity.Error, "YAML syntax error");
    public static readonly Rule UnknownKind = new("RC101", Severity.Error, "unknown manifest kind");
    public static readonly Rule UnsupportedApiVersion = new("RC102", Severity.Error, "unsupported apiVersion");
    public static readonly Rule UnknownField = new("RC103", Severity.Error, "unknown field");
    public static readonly Rule WrongType = new("RC104", Severity.Error, "value has the wrong type");
    public static readonly Rule MissingField = new("RC105", Severity.Error, "required field is missing");
    public static readonly Rule InvalidChoice = new("RC106", Severity.Error, "value is not one of the allowed choices");
    public static readonly Rule DuplicateName = new("RC107", Severity.Error, "two manifests of one kind share a name");
    public static readonly Rule ClusterCount = new("RC108", Severity.Error, "there must be exactly one Cluster");
    public static readonly Rule DocumentTooLarge = new("RC109", Severity.Error, "document expands beyond the size limit");
    public static readonly Rule DuplicateKey = new("RC110", Severity.Error, "a mapping repeats a key");
    public static readonly Rule NotRegularFile = new("RC111", Severity.Error, "a FIFO, socket or device is not read");
    public static readonly Rule FileTooLarge = new("RC112", Severity.Error, "a file is larger than reconciler reads");
    public static readonly Rule RepositoryTooLarge = new("RC113", Severity.Error, "the repository is larger than reconciler reads");
    public static readonly Rule NestedTooDeeply = new("RC114", Severity.Error, "YAML nests deeper than the limit");

    public static readonly Rule StackName = new("RC200", Severity.Error, "invalid stack name");
    public static readonly Rule ServiceName = new("RC201", Severity.Error, "invalid service name");
    public static readonly Rule DatasetName = new("RC202", Severity.Error, "invalid ZFS dataset name");
    public static readonly Rule PathForm = new("RC203", Severity.Error, "path is not absolute and normalised");
    public static readonly Rule FileMode = new("RC204", Severity.Error, "mode is not an octal string");
    public static readonly Rule IdRange = new("RC205", Severity.Error, "UID/GID out of range");
    public static readonly Rule DurationForm = new("RC206", Severity.Error, "invalid duration");
    public static readonly Rule RetentionForm = new("RC207", Severity.Error, "invalid retention grid");
    public static readonly Rule NodeName = new("RC208", Severity.Error, "invalid node name or label");
    public static readonly Rule NodeAddress = new("RC209", Severity.Error, "invalid node address");
    public static readonly Rule PropertyName = new("RC210", Severity.Error, "invalid ZFS property");

    public static readonly Rule ComposeMissing = new("RC300", Severity.Error, "compose file not found");
    public static readonly Rule ComposeInvalid = new("RC301", Severity.Error, "compose file is not a valid compose document");
    public static readonly Rule UnknownNode = new("RC302", Severity.Error, "node is not declared in the Cluster");
    public static readonly Rule UnknownWriter = new("RC303", Severity.Error, "writer is not a declared stack/service");
    public static readonly Rule UnknownDataset = new("RC304", Severity.Error, "replication source is not a declared Dataset");
    public static readonly Rule ReplicationSameNode = new("RC305", Severity.Error, "replication target is on the source's node");
    public static readonly Rule MaxLagBelowEvery = new("RC306", Severity.Error, "maxLag is shorter than every");
    public static readonly Rule NoManager = new("RC307", Severity.Error, "the Cluster has no manager node");
    public static readonly Rule MountpointClash = new("RC308", Severity.Error, "two datasets share or nest mountpoints");
    public static readonly Rule UnsetVariable = new("RC309", Severity.Warning, "compose variable is not set");
    public static readonly Rule ComposeFileMissing = new("RC310", Severity.Error, "a file the compose file names (env_file, config, secret) is missing or unreadable");
    public static readonly Rule VariablesFileInvalid = new("RC311", Severity.Error, "a Stack's variablesFile is missing or does not hold NAME=value pairs");
    public static readonly Rule LinkLeavesRepository = new("RC315", Severity.Error, "a symbolic link leads out of the repository");

    public static readonly Rule BindOutsideRoots = new("RC400", Severity.Error, "bind source is outside the policy's bindRoots");
    public static readonly Rule BindUndeclared = new("RC401", Severity.Error, "bind source is not declared by a Path or Dataset");
    public static readonly Rule DockerSocket = new("RC402", Severity.Error, "the Docker socket is mounted");
    public static readonly Rule Privileged = new("RC403", Severity.Error, "privileged is not allowed by policy");
    public static readonly Rule CapAdd = new("RC404", Severity.Error, "cap_add is not allowed by policy");
    public static readonly Rule Devices = new("RC405", Severity.Error, "devices are not allowed by policy");
    public static readonly Rule PathNotOnNode = new("RC406", Severity.Error, "a Path is missing on a node that can run the service");
    public static readonly Rule DatasetOffNode = new("RC407", Severity.Error, "a dataset is mounted by a service that can run off its node");
    public static readonly Rule HostNetwork = new("RC408", Severity.Error, "the host network is not allowed by policy");
    public static readonly Rule HostNamespace = new("RC409", Severity.Error, "a host namespace is not allowed by policy");
    public static readonly Rule Unconfined = new("RC410", Severity.Error, "an unconfined security profile is not allowed by policy");
    public static readonly Rule HostSysctl = new("RC411", Severity.Error, "a sysctl that changes the host is not allowed by policy");
    public static readonly Rule StorageOutsideRoots = new("RC420", Severity.Error, "a Path or Dataset mountpoint is outside the policy's storageRoots");
    public static readonly Rule StorageProtected = new("RC421", Severity.Error, "a Path or Dataset mountpoint covers a system directory reconciler never manages");
    public static readonly Rule ShareNotAllowed = new("RC422", Severity.Error, "a Dataset shares its data over the network without policy.allowShares");
    public static readonly Rule ReservedProperty = new("RC423", Severity.Error, "a Dataset property is one reconciler sets from the spec itself");
    public static readonly Rule SecretUndecryptable = new("RC440", Severity.Error, "a SOPS-encrypted file cannot be decrypted or fails its MAC");
    public static readonly Rule SecretNotEncrypted = new("RC441", Severity.Error, "a secret file is not SOPS-encrypted where the policy requires it");
    public static readonly Rule PlainSecretValue = new("RC442", Severity.Warning, "a compose environment value looks like a secret kept in plain text");

    public static readonly Rule ForeignWriter = new("RC500", Severity.Error, "dataset mounted read-write by a service that is not its writer");
    public static readonly Rule WriterReplicas = new("RC501", Severity.Error, "writer can run more than one task");
    public static readonly Rule WriterStartFirst = new("RC502", Severity.Error, "writer updates start-first");
    public static readonly Rule WriterNotPinned = new("RC503", Severity.Error, "writer is not pinned to the dataset's node");
    public static readonly Rule WriterDoesNotMount = new("RC504", Severity.Warning, "writer does not mount its dataset");
    public static readonly Rule WriterBindsMountpoint = new("RC505", Severity.Warning, "writer binds its dataset's mountpoint rather than a subdirectory of it");
    public static readonly Rule GuardWithoutWriter = new("RC506", Severity.Error, "guard: stop on a dataset that names no writer");

    public static readonly Rule SwarmIgnores = new("RC600", Severity.Warning, "compose field is ignored by Swarm");
    public static readonly Rule PassThroughUnset = new("RC610", Severity.Warning, "a pass-through environment name has no value in the Stack's variables");

    public static IReadOnlyList<Rule> All { get; } =
        typeof(Rules).GetFields().Where(f => f.FieldType == typeof(Rule))
            .Select(f => (Rule)f.GetValue(null)!).OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
}
