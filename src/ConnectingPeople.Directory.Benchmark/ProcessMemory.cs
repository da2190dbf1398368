using System.Globalization;

namespace ConnectingPeople.Directory.Benchmark;

public static class ProcessMemory
{
    /// <summary>A figure from /proc/PID/status in MB (VmRSS: resident now; VmHWM: the peak), when the API's process id is known.</summary>
    public static double? Mb(int? pid, string field = "VmRSS")
    {
        if (pid is null || !File.Exists($"/proc/{pid}/status")) return null;
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return line is null ? null : Math.Round(long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0, 1);
    }
}
