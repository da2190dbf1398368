using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConnectingPeople.Directory.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class ExternalIdPerOrganisation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_assets_external_id",
                schema: "directory",
                table: "assets");

            migrationBuilder.CreateIndex(
                name: "ix_assets_organisation_id_external_id",
                schema: "directory",
                table: "assets",
                columns: new[] { "organisation_id", "external_id" },
                unique: true,
                filter: "external_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_assets_organisation_id_external_id",
                schema: "directory",
                table: "assets");

            migrationBuilder.CreateIndex(
                name: "ix_assets_external_id",
                schema: "directory",
                table: "assets",
                column: "external_id",
                unique: true,
                filter: "external_id IS NOT NULL");
        }
    }
}
