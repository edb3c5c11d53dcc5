using System.Text;
using Reconciler.Core.Secrets;
using Reconciler.Secrets.Age;

namespace Reconciler.Secrets.Tests;

public sealed class AgeTests
{
    private const string SopsMockRecipient = "age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun";
    private const string SopsOtherIdentity = "AGE-SECRET-KEY-1432K5YRNSC44GC4986NXMX6GVZ52WTMT9C79CLUVWYY4DKDHD5JSNDP4MC";

    [Fact]
    public void An_identity_from_the_sops_tests_has_the_recipient_they_pair_it_with()
    {
        using var keys = AgeKeys.Parse(Fixtures.Text("data-key-identity.txt"));
        Assert.Equal([SopsMockRecipient], keys.Recipients);
    }

    [Fact]
    public void A_file_age_encrypted_for_the_sops_tests_decrypts_to_its_documented_plaintext()
    {
        using var identity = AgeIdentity.Parse(Fixtures.Text("data-key-identity.txt").Split('\n')[2]);
        var plain = AgeFile.Decrypt(AgeFile.Dearmor(Fixtures.Text("data-key.age")), [identity]);
        Assert.Equal("data", Encoding.UTF8.GetString(plain));
    }

    [Fact]
    public void Another_identity_cannot_open_it()
    {
        using var other = AgeIdentity.Parse(SopsOtherIdentity);
        var error = Assert.Throws<SopsException>(() => AgeFile.Decrypt(AgeFile.Dearmor(Fixtures.Text("data-key.age")), [other]));
        Assert.StartsWith("no age identity", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    [InlineData(64 * 1024)]
    [InlineData((64 * 1024) + 1)]
    public void What_is_encrypted_to_a_recipient_its_identity_decrypts_across_chunk_boundaries(int size)
    {
        using var identity = AgeIdentity.Generate();
        var plain = Enumerable.Range(0, size).Select(i => (byte)(i * 7)).ToArray();
        var file = AgeFile.Encrypt(plain, [AgeRecipient.Parse(identity.Recipient.Text)]);
        Assert.Equal(plain, AgeFile.Decrypt(AgeFile.Dearmor(AgeFile.Armor(file)), [identity]));
    }

    [Fact]
    public void A_generated_identity_reads_back_as_the_same_key()
    {
        using var identity = AgeIdentity.Generate();
        using var parsed = AgeIdentity.Parse(identity.Export());
        Assert.Equal(identity.Recipient.Text, parsed.Recipient.Text);
        Assert.StartsWith("age1", identity.Recipient.Text);
    }

    [Theory]
    [InlineData(-1)] // the last byte: the payload's tag
    [InlineData(60)] // inside the header: a stanza
    public void A_changed_byte_anywhere_is_refused(int index)
    {
        using var identity = AgeIdentity.Generate();
        var file = AgeFile.Encrypt("a data key"u8, [identity.Recipient]);
        file[index < 0 ? file.Length + index : index] ^= 1;
        Assert.Throws<SopsException>(() => AgeFile.Decrypt(file, [identity]));
    }

    [Fact]
    public void A_recipient_with_a_bad_checksum_is_refused_with_a_reason()
    {
        var error = Assert.Throws<SopsException>(() => AgeRecipient.Parse(SopsMockRecipient[..^1] + "q"));
        Assert.Contains("not a valid age recipient", error.Message);
    }

    [Fact]
    public void A_key_file_with_something_else_names_the_line()
    {
        var error = Assert.Throws<SopsException>(() => AgeKeys.Parse("# created: today\nAGE-SECRET-KEY-1NOTAKEY\n"));
        Assert.Equal("line 2 is not an age identity (AGE-SECRET-KEY-1…)", error.Message);
    }
}
