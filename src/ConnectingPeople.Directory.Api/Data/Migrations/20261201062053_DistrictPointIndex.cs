using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ConnectingPeople.Directory.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class DistrictPointIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_postcode_districts_point",
                schema: "directory",
                table: "postcode_districts",
                column: "point")
                .Annotation("Npgsql:IndexMethod", "gist");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_postcode_districts_point",
                schema: "directory",
                table: "postcode_districts");
        }
    }
}
