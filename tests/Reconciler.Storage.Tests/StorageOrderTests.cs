using Reconciler.Core.Diff;
using Reconciler.Core.Loading;
using Reconciler.Core.Planning;
using Reconciler.Core.Validation;
using Reconciler.Storage.Resources;

namespace Reconciler.Storage.Tests;

/// <summary>
/// On each node a directory is made after the paths and datasets that contain it, so a Path inside
/// a Dataset's mountpoint lands in the mounted dataset rather than on the root filesystem under it.
/// </summary>
public sealed class StorageOrderTests
{
    private const string Repository = TestRepository.Cluster + "\n" + """
          policy: {bindRoots: [/srv]}
        ---
        apiVersion: reconciler/v1
        kind: Path
        metadata: {name: data-root}
        spec: {path: /srv/data, owner: 0, group: 0, mode: "0755"}
        ---
        apiVersion: reconciler/v1
        kind: Path
        metadata: {name: app-files}
        spec: {path: /srv/data/app/files, owner: 1000, group: 1000, mode: "0700"}
        ---
        apiVersion: reconciler/v1
        kind: Dataset
        metadata: {name: tank/app}
        spec: {node: atlas, mountpoint: /srv/data/app, owner: 1000, group: 1000, mode: "0750"}
        """;

    [Fact]
    public void A_path_inside_a_datasets_mountpoint_is_made_after_the_dataset_on_its_node_and_a_dataset_after_the_path_it_lies_in()
    {
        var report = Validator.Validate(new InMemoryRepositoryFiles(new Dictionary<string, string> { ["storage.yaml"] = Repository }));
        Assert.True(report.IsValid, string.Join('\n', report.Diagnostics));

        var plan = Planner.Create(ResourceDiff.Compute(DesiredStorage.From(report.State), []), StorageKinds.Order);

        Assert.Equal(
            ["path /srv/data on atlas", "path /srv/data on hermes", "path /srv/data/app/files on hermes", "dataset tank/app on atlas", "path /srv/data/app/files on atlas"],
            plan.Steps.Select(s => s.Key.ToString()));
    }

    [Fact]
    public void Only_what_contains_a_directory_on_the_same_node_is_followed()
    {
        var report = Validator.Validate(new InMemoryRepositoryFiles(new Dictionary<string, string> { ["storage.yaml"] = Repository }));

        var after = DesiredStorage.From(report.State).ToDictionary(r => r.Key.ToString(), r => r.After.Select(k => k.ToString()).ToList());

        Assert.Equal(["path /srv/data on atlas", "dataset tank/app on atlas"], after["path /srv/data/app/files on atlas"]);
        Assert.Equal(["path /srv/data on hermes"], after["path /srv/data/app/files on hermes"]);
        Assert.Equal(["path /srv/data on atlas"], after["dataset tank/app on atlas"]);
        Assert.Empty(after["path /srv/data on atlas"]);
    }
}
