namespace Reconciler.Core.Loading;

/// <summary>Why a file of the repository was not read.</summary>
public enum Refusal
{
    /// <summary>A symbolic link that resolves outside the repository, or to nothing.</summary>
    LinkLeavesRepository,

    /// <summary>A FIFO, socket or device: reading it could hang or never end.</summary>
    NotRegularFile,

    /// <summary>Over <see cref="RepositoryBudgets.MaxFileBytes"/>.</summary>
    FileTooLarge,

    /// <summary>Over <see cref="RepositoryBudgets.MaxRepositoryBytes"/> or <see cref="RepositoryBudgets.MaxEntries"/>.</summary>
    RepositoryTooLarge,
}

/// <summary>A file the repository holds but that was not read, and why, in words for the user.</summary>
public sealed record RefusedFile(string Path, Refusal Reason, string Why);
