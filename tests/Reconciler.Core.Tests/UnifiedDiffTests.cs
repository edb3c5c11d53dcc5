using Reconciler.Core.Text;

namespace Reconciler.Core.Tests;

/// <summary>Line edits and their unified diff, in the form git apply and patch -p1 take.</summary>
public sealed class UnifiedDiffTests
{
    private static readonly string Twenty = string.Concat(Enumerable.Range(1, 20).Select(i => $"line {i}\n"));

    [Fact]
    public void No_edit_is_no_diff()
    {
        var file = new LineEditor("a.yaml", Twenty);

        Assert.Equal(string.Empty, file.Diff());
        Assert.Equal(Twenty, file.After());
    }

    [Fact]
    public void Distant_edits_are_separate_hunks_with_three_lines_of_context()
    {
        var file = new LineEditor("a.yaml", Twenty);
        file.Splice(2, 6, 1, "two");
        file.ReplaceLines(15, 16, ["fifteen", "and a half", "sixteen"]);

        Assert.Equal("""
            --- a/a.yaml
            +++ b/a.yaml
            @@ -1,5 +1,5 @@
             line 1
            -line 2
            +line two
             line 3
             line 4
             line 5
            @@ -12,8 +12,9 @@
             line 12
             line 13
             line 14
            -line 15
            -line 16
            +fifteen
            +and a half
            +sixteen
             line 17
             line 18
             line 19

            """.ReplaceLineEndings("\n"), file.Diff());
    }

    [Fact]
    public void Edits_whose_context_touches_share_a_hunk()
    {
        var file = new LineEditor("a.yaml", Twenty);
        file.ReplaceLines(5, 5, []);
        file.Splice(11, 1, 4, "LINE");

        Assert.Equal(["@@ -2,13 +2,12 @@"], file.Diff().Split('\n').Where(l => l.StartsWith("@@", StringComparison.Ordinal)));
    }

    [Fact]
    public void Splices_on_one_line_apply_right_to_left_at_their_original_columns()
    {
        var file = new LineEditor("a.yaml", "spec: {node: atlas, name: tank/db}\n");
        file.Splice(1, 27, 7, "backup/db");
        file.Splice(1, 14, 5, "hermes");

        Assert.Equal("spec: {node: hermes, name: backup/db}\n", file.After());
    }

    [Fact]
    public void A_file_without_a_final_newline_keeps_none_and_its_new_last_line_says_so()
    {
        var file = new LineEditor("a.yaml", "one\ntwo\nthree");
        file.ReplaceLines(3, 3, []);

        Assert.Equal("one\ntwo", file.After());
        Assert.Equal("""
            --- a/a.yaml
            +++ b/a.yaml
            @@ -1,3 +1,2 @@
             one
            -two
            -three
            \ No newline at end of file
            +two
            \ No newline at end of file

            """.ReplaceLineEndings("\n"), file.Diff());
    }

    [Fact]
    public void Removing_every_line_deletes_the_file()
    {
        var file = new LineEditor("a.yaml", "one\ntwo\n");
        file.ReplaceLines(1, 2, []);

        Assert.Null(file.After());
        Assert.StartsWith("--- a/a.yaml\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-one\n-two\n", file.Diff(), StringComparison.Ordinal);
    }
}
