using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConnectingPeople.Directory.Api.Data.Migrations
{
    /// <summary>
    /// Data only (the model is unchanged, so there is no designer file): records a change entry for every listing,
    /// organisation and venue written before the changes feed named them (seeded and bulk-loaded rows), so a sync
    /// from cursor 0 is complete.
    /// </summary>
    [DbContext(typeof(DirectoryDbContext))]
    [Migration("20261201211500_BackfillChanges")]
    public partial class BackfillChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(ChangeBackfill.Sql);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql($"DELETE FROM directory.audit_entries WHERE actor = '{ChangeBackfill.Actor}';");
    }
}
