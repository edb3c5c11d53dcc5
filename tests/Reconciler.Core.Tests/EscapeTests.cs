using Reconciler.Core.Text;

namespace Reconciler.Core.Tests;

public sealed class EscapeTests
{
    [Theory]
    [InlineData("plain", "`plain`")]
    [InlineData("a|b", "`a\\|b`")]
    [InlineData("a`b", "``a`b``")]
    [InlineData("`a``", "``` `a`` ```")]
    [InlineData("a\n<!--", "`a\\n<!--`")]
    [InlineData("", "` `")]
    public void Markdown_code_spans_hold_any_text(string text, string markdown) =>
        Assert.Equal(markdown, Escape.MarkdownCode(text));

    [Fact]
    public void Markdown_text_escapes_every_punctuation_character() =>
        Assert.Equal("a\\_b \\<\\!\\-\\- \\[x\\]\\(y\\) \\\\n\\|", Escape.MarkdownText("a_b <!-- [x](y) \n|"));

    [Theory]
    [InlineData("x\n::error::y", "x\\n::error::y")]
    [InlineData("::error::y", "\\::error::y")]
    [InlineData("  ::warning::y", "\\  ::warning::y")]
    [InlineData("a ##[error]b", "a #\\#[error]b")]
    [InlineData("bell\a del\u007f sep\u2028", "bell\\u0007 del\\u007F sep\\u2028")]
    public void Terminal_text_stays_on_one_line_and_is_never_a_workflow_command(string text, string shown) =>
        Assert.Equal(shown, Escape.Terminal(text));

    [Fact]
    public void Workflow_commands_use_the_documented_encoding()
    {
        Assert.Equal("50%25 a%0D%0Ab: c, d", Escape.WorkflowData("50% a\r\nb: c, d"));
        Assert.Equal("a%3Ab%2Cc%0A", Escape.WorkflowProperty("a:b,c\n"));
    }
}
