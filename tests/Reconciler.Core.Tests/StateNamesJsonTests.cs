using System.Text.Json;
using Reconciler.Core.Diff;
using Reconciler.Core.Text;

namespace Reconciler.Core.Tests;

public sealed class StateNamesJsonTests
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { StateNames.Converters(StateNames.Converter<ChangeAction>()) },
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    [Fact]
    public void An_enum_given_is_written_and_read_by_its_kebab_case_name()
    {
        var json = JsonSerializer.Serialize(ChangeAction.Update, Options);

        Assert.Equal($"\"{ChangeAction.Update.Name()}\"", json);
        Assert.Equal(ChangeAction.Update, JsonSerializer.Deserialize<ChangeAction>(json, Options));
    }

    [Fact]
    public void An_enum_not_given_is_refused_rather_than_written_as_a_number() =>
        Assert.Contains(nameof(Diagnostics.Severity), Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(Diagnostics.Severity.Warning, Options)).Message);
}
