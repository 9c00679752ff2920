using System.Diagnostics;
using System.Net.Sockets;

namespace TransnationalReferral.Devtool;

public sealed class DevtoolException(string message) : Exception(message);

/// <summary>The checkout: its root (where TransnationalReferral.sln is), .local/, and the build output of its projects.</summary>
public sealed class Repository(string root, string configuration)
{
    public string Root { get; } = root;
    public string Configuration { get; } = configuration;
    public string Local => Path.Combine(Root, ".local");

    public static Repository Find(string configuration)
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "build.cake"))) return new Repository(dir.FullName, configuration);
        throw new DevtoolException("build.cake not found in the current directory or above it: run the tool from the checkout");
    }

    public string ProjectDirectory(ServiceDef svc) => Path.GetDirectoryName(Path.Combine(Root, svc.Project))!;

    /// <summary>bin/&lt;configuration&gt;/&lt;tfm&gt;/&lt;project name&gt;.dll (no project sets its own AssemblyName).</summary>
    public string OutputDll(ServiceDef svc)
    {
        var bin = Path.Combine(ProjectDirectory(svc), "bin", Configuration);
        var dll = Path.GetFileNameWithoutExtension(svc.Project) + ".dll";
        var preferred = Path.Combine(bin, "net10.0", dll);
        if (File.Exists(preferred) || !Directory.Exists(bin)) return preferred;
        return Directory.GetDirectories(bin).Select(d => Path.Combine(d, dll)).FirstOrDefault(File.Exists) ?? preferred;
    }

    public static bool PortTaken(int port)
    {
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync("127.0.0.1", port).Wait(300) && client.Connected;
        }
        catch (Exception) { return false; }
    }

    /// <summary>Runs dotnet with the arguments in the foreground (its output straight to the console); returns its exit code.</summary>
    public static int Dotnet(IEnumerable<string> arguments, string workingDirectory, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
