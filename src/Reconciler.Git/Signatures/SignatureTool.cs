using System.ComponentModel;
using System.Diagnostics;

namespace Reconciler.Git.Signatures;

/// <summary>
/// Runs ssh-keygen or gpgv as an argument vector (never through a shell), feeding the signed
/// data on stdin, bounded in time: a signature check never hangs a reconcile cycle.
/// </summary>
internal static class SignatureTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(string program, IEnumerable<string> arguments, byte[] input)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new SignatureCheckException($"{program} did not start");
        }
        catch (Win32Exception e)
        {
            throw new SignatureCheckException($"{program} is needed to check commit signatures but cannot be run: {e.Message}", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            try
            {
                process.StandardInput.BaseStream.Write(input);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The tool may exit before reading all of its input (an unknown key needs no data);
                // its exit code and messages below say what happened.
            }

            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new SignatureCheckException($"{program} did not finish within {Timeout.TotalSeconds:0} s");
            }

            return new Result(process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
        }
    }
}

/// <summary>A signature could not be checked at all (a tool missing or stuck): the commit is not trusted.</summary>
public sealed class SignatureCheckException(string message, Exception? inner = null) : Exception(message, inner);
