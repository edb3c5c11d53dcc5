using Reconciler.Core.Diagnostics;

namespace Reconciler.Core.Tests;

/// <summary>A Stack's spec.variablesFile: values for ${VAR} from a dotenv, YAML or JSON file beside the manifest.</summary>
public sealed class VariablesFileTests
{
    private const string StackWithFile = """
        apiVersion: reconciler/v1
        kind: Stack
        metadata: {name: app}
        spec:
          compose: compose.yaml
          variablesFile: vars.env
          variables: {WEB_TAG: "1.27"}
        """;

    private static TestRepository Repository(string file, string text) => new TestRepository()
        .With("app/stack.yaml", StackWithFile.Replace("vars.env", file, StringComparison.Ordinal))
        .With("app/" + file, text)
        .Replace("app/compose.yaml", "image: postgres:16", "image: postgres:${DB_TAG}")
        .Replace("app/compose.yaml", "image: nginx:1.27", "image: nginx:${WEB_TAG}");

    [Theory]
    [InlineData("vars.env", "# tags\nDB_TAG=16.4\nWEB_TAG=1.25\n")]
    [InlineData("vars.yaml", "DB_TAG: '16.4'\nWEB_TAG: '1.25'\n")]
    [InlineData("vars.json", "{\"DB_TAG\": \"16.4\", \"WEB_TAG\": \"1.25\"}")]
    public void Values_come_from_the_file_and_the_stacks_own_variables_win(string file, string text)
    {
        var report = Repository(file, text).Validate();

        Assert.True(report.IsValid, string.Join('\n', report.Diagnostics));
        var compose = report.State.Compose["app"];
        Assert.Equal("postgres:16.4", compose.FindService("db")!.Image);
        Assert.Equal("nginx:1.27", compose.FindService("web")!.Image);
        Assert.Empty(compose.SecretVariables); // a plain file holds no secret
    }

    [Fact]
    public void Each_service_knows_the_variables_it_reads()
    {
        var repo = Repository("vars.env", "DB_TAG=16.4\nTZ=UTC\n")
            .Replace("app/compose.yaml", "    image: nginx:${WEB_TAG}\n", "    image: nginx:${WEB_TAG}\n    environment: [TZ]\n");

        var compose = repo.Validate().State.Compose["app"];

        Assert.Equal(["DB_TAG"], compose.FindService("db")!.Variables.Order());
        Assert.Equal(["TZ", "WEB_TAG"], compose.FindService("web")!.Variables.Order());
    }

    [Fact]
    public void A_missing_file_points_at_the_field()
    {
        var repo = new TestRepository().With("app/stack.yaml", StackWithFile);

        var d = repo.Validate().One(Rules.VariablesFileInvalid, repo.Locate("app/stack.yaml", "vars.env"));
        Assert.Equal("variables file 'app/vars.env' does not exist (spec.variablesFile is relative to app/stack.yaml)", d.Message);
    }

    [Fact]
    public void A_file_outside_the_repository_is_refused()
    {
        var repo = new TestRepository().With("app/stack.yaml", StackWithFile.Replace("vars.env", "../../etc/vars.env", StringComparison.Ordinal));

        var d = repo.Validate().One(Rules.VariablesFileInvalid, repo.Locate("app/stack.yaml", "../../etc/vars.env"));
        Assert.Contains("is outside the repository", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vars.env", "DB_TAG=16\nnot a pair\n", "line 2 of the dotenv file is not KEY=VALUE")]
    [InlineData("vars.yaml", "DB_TAG: {major: 16}\n", "'DB_TAG' is a mapping or a list")]
    [InlineData("vars.yaml", "- DB_TAG\n", "it must be one mapping of NAME: value")]
    [InlineData("vars.txt", "DB_TAG=16\n", "must end in .env (NAME=value lines), .yaml, .yml or .json")]
    public void A_file_that_is_not_name_value_pairs_is_an_error_at_the_field(string file, string text, string expected)
    {
        var repo = Repository(file, text);

        var d = repo.Validate().One(Rules.VariablesFileInvalid, repo.Locate("app/stack.yaml", file));
        Assert.Contains(expected, d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_file_is_refused_where_the_policy_requires_encryption()
    {
        var repo = Repository("vars.env", "DB_TAG=16.4\n")
            .Replace("cluster.yaml", "    bindRoots: [/srv]", "    bindRoots: [/srv]\n    secrets: {encrypted: required}");

        var d = repo.Validate().One(Rules.SecretNotEncrypted, repo.Locate("app/stack.yaml", "vars.env"));
        Assert.StartsWith("variables file 'app/vars.env' of stack 'app' is not SOPS-encrypted", d.Message, StringComparison.Ordinal);
    }
}
