using CrisisKit.Escalation;
using Microsoft.Extensions.Options;

namespace CrisisKit.Hosting;

/// <summary>
/// Fails start-up when a folder given to <c>AddProtocolFiles</c> holds no protocol file, so a host never starts with
/// no protocols because of a wrong folder (one with the files in a sub-folder, or under another extension). Files that
/// are missing or invalid are reported by the protocol loader itself, with their path and reason.
/// </summary>
internal sealed class ProtocolFoldersValidator(IReadOnlyList<string> paths) : IValidateOptions<EscalationOptions>
{
    public ValidateOptionsResult Validate(string? name, EscalationOptions options)
    {
        if (name != Options.DefaultName)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = paths
            .Where(path => Directory.Exists(path) && ProtocolFiles.Sources([path]).Count == 0)
            .Select(path => $"AddProtocolFiles: the folder '{Path.GetFullPath(path)}' holds no protocol file; protocols are read from the files named *.json (in any letter case) directly in it, not from its sub-folders.")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
