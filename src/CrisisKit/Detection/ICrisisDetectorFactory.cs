namespace CrisisKit.Detection;

/// <summary>Creates the detector that watches one subject; replace it in DI to change or extend detection.</summary>
public interface ICrisisDetectorFactory
{
    /// <summary>Creates a detector for the subject with id <paramref name="subjectId"/>.</summary>
    /// <param name="subjectId">The subject's id.</param>
    /// <returns>A new detector, used for that subject only.</returns>
    ICrisisDetector Create(string subjectId);
}
