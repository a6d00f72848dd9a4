namespace CrisisKit.Mentions;

/// <summary>What a <see cref="MonitoredSubject"/> stands for. Informational: matching treats every kind alike.</summary>
public enum SubjectKind
{
    /// <summary>A company or brand.</summary>
    Brand = 0,

    /// <summary>A product or product line.</summary>
    Product = 1,

    /// <summary>A marketing campaign.</summary>
    Campaign = 2,

    /// <summary>A person, such as an executive or spokesperson.</summary>
    Person = 3,
}
