using Reconciler.Controller.Recovery;

namespace Reconciler.Controller.Tests.Recovery;

public sealed class DatasetServicesTests
{
    [Fact]
    public void The_writer_and_every_reader_of_a_dataset_are_stopped_for_a_restore_and_others_are_not()
    {
        var files = new Dictionary<string, string>(FailoverFixture.Files)
        {
            ["stacks/tools/stack.yaml"] = """
                apiVersion: reconciler/v1
                kind: Stack
                metadata: {name: tools}
                spec: {compose: compose.yaml, convergenceTimeout: 5m}
                """,
            ["stacks/tools/compose.yaml"] = """
                services:
                  backup:
                    image: 10.0.0.1:5000/app:1.0
                    volumes: [/srv/app:/backup/app:ro]
                    deploy: {placement: {constraints: [node.hostname == atlas]}}
                  cron:
                    image: 10.0.0.1:5000/app:1.0
                    volumes: [/srv/app/dumps:/dumps:ro]
                    deploy: {mode: global, placement: {constraints: [node.hostname == atlas]}}
                  other:
                    image: 10.0.0.1:5000/app:1.0
                    volumes: [/srv/config:/config:ro]
                """,
        };
        var state = FailoverFixture.Desired(files);

        var services = DatasetServices.Of(state, state.Datasets.Single());

        Assert.Equal(
            [new DatasetService("app_db", true, 1, TimeSpan.FromSeconds(120)), new DatasetService("tools_backup", true, 1, TimeSpan.FromMinutes(5)),
             new DatasetService("tools_cron", false, 1, TimeSpan.FromMinutes(5))],
            services);
    }
}
