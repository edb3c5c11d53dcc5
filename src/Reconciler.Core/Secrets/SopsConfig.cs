using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Reconciler.Core.Secrets;

/// <summary>
/// A .sops.yaml: its creation rules, the first whose path_regex matches a file (or that has
/// none) saying whom a new file is encrypted for. Only age recipients are understood; a rule
/// with key groups or only other key kinds is refused with a reason.
/// </summary>
public static class SopsConfig
{
    public const string FileName = ".sops.yaml";

    /// <summary>The rule for a file; <paramref name="relativePath"/> is the file's path relative to the .sops.yaml's directory.</summary>
    public static SopsCreationRule RuleFor(string configText, string relativePath)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(configText));
            root = stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode ?? throw new SopsException($"{FileName} is not a YAML mapping");
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new SopsException($"{FileName} is not valid YAML (line {e.Start.Line}): {e.Message}");
        }

        if (!root.Children.TryGetValue("creation_rules", out var rules) || rules is not YamlSequenceNode list)
        {
            throw new SopsException($"{FileName} has no creation_rules list");
        }

        foreach (var rule in list.Children.OfType<YamlMappingNode>())
        {
            if (Text(rule, "path_regex") is { } pattern && !Regex.IsMatch(relativePath, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                continue;
            }

            if (rule.Children.ContainsKey("key_groups"))
            {
                throw new SopsException($"the {FileName} rule for '{relativePath}' uses key_groups, which reconciler does not support; list age recipients under 'age'");
            }

            var recipients = rule.Children.TryGetValue("age", out var age) ? Recipients(age) : [];
            if (recipients.Count == 0)
            {
                throw new SopsException($"the {FileName} rule for '{relativePath}' names no age recipient; reconciler encrypts for age only");
            }

            return new SopsCreationRule(recipients)
            {
                UnencryptedSuffix = Text(rule, "unencrypted_suffix"),
                EncryptedSuffix = Text(rule, "encrypted_suffix"),
                UnencryptedRegex = Text(rule, "unencrypted_regex"),
                EncryptedRegex = Text(rule, "encrypted_regex"),
            };
        }

        throw new SopsException($"no creation rule of {FileName} matches '{relativePath}'");
    }

    private static List<string> Recipients(YamlNode node) => node switch
    {
        YamlScalarNode scalar => (scalar.Value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
        YamlSequenceNode sequence => sequence.Children.OfType<YamlScalarNode>().SelectMany(s => (s.Value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList(),
        _ => [],
    };

    private static string? Text(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(key, out var value) && value is YamlScalarNode { Value: { Length: > 0 } text } ? text : null;
}
