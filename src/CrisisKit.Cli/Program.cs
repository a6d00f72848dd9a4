namespace CrisisKit.Cli;

internal static class Program
{
    public static int Main(string[] args) => CrisisKitCommand.Run(args, Console.Out, Console.Error);
}
