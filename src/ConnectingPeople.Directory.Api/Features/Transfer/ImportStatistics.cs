using ConnectingPeople.Directory.Api.Data;
using ConnectingPeople.Directory.Api.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Location = ConnectingPeople.Directory.Api.Data.Entities.Location;

namespace ConnectingPeople.Directory.Api.Features.Transfer;

/// <summary>
/// Keeps PostgreSQL's statistics up with a large import, which fills the listing tables inside its own transaction, so
/// that no chunk's statements cost more as the import goes on.
/// </summary>
/// <remarks>
/// Without statistics (a table never analysed, or analysed when it was much smaller) the planner takes each element of
/// an <c>= ANY(..)</c> to match 0.5% of the rows, so a chunk's external ids look like a large part of the table: the
/// lookup of stored listings read every row of the organisation imported so far (100 ms a chunk at 100,000 rows, and
/// growing), and a 290,000-row import cost 2.2 ms a row against 1.2 at 100,000. Autovacuum cannot help: the rows are
/// not committed. ANALYZE inside the transaction does, because it counts the transaction's own new rows.
/// It runs each time the rows written have doubled (from <see cref="ImportSettings.AnalyzeFromRows"/>), so a 290,000-row
/// import analyses six times, and the statistics are never less than half the truth: that is all the plans need, since
/// they scale with the table's size (an external id is distinct, a listing has a few venues).
/// ANALYZE holds a SHARE UPDATE EXCLUSIVE lock on these tables until the import commits. It conflicts only with
/// VACUUM, ANALYZE and schema changes, not with reads or writes; autovacuum skips a table it cannot lock. A second
/// import reaches its first ANALYZE only after its first save, which waits for the first import's commit on the
/// changes feed's advisory lock (AuditLog), so two imports never wait on each other here.
/// Only a table's owner may analyse it: the API's connection is (it creates the schema); a connection that is not gets
/// PostgreSQL's warning, not an error, and the import goes on with the plans it had.
/// </remarks>
public sealed class ImportStatistics(DirectoryDbContext db, int analyzeFromRows)
{
    // The tables an import writes, and its chunks' statements read back by listing, venue or entity id.
    private static readonly Type[] Filled = [typeof(Asset), typeof(AssetLocation), typeof(AssetTerm), typeof(AssetCost), typeof(AssetContact),
        typeof(ServiceArea), typeof(Schedule), typeof(Location), typeof(AuditEntry)];

    private int _next = analyzeFromRows;

    /// <summary>After a chunk is saved: analyses the tables when the listings written so far have doubled since the last time.</summary>
    public async Task<bool> AfterSaveAsync(int written, CancellationToken ct)
    {
        if (written < _next) return false;
        while (_next <= written) _next *= 2;
        // The table names come from the EF model, never from input.
        var tables = Filled.Select(t => db.Model.FindEntityType(t)!).Select(e => $"\"{e.GetSchema() ?? "public"}\".\"{e.GetTableName()}\"");
        var analyze = "ANALYZE " + string.Join(", ", tables);
        await db.Database.ExecuteSqlRawAsync(analyze, ct);
        return true;
    }
}
