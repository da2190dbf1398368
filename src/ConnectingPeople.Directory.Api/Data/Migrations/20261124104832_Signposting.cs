using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ConnectingPeople.Directory.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class Signposting : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "team",
                schema: "directory",
                table: "api_keys",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "search_log",
                schema: "directory",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    searched_on = table.Column<DateOnly>(type: "date", nullable: false),
                    district = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: true),
                    local_authority_code = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: true),
                    interests = table.Column<string[]>(type: "text[]", nullable: false),
                    text_terms = table.Column<string[]>(type: "text[]", nullable: false),
                    radius_metres = table.Column<int>(type: "integer", nullable: true),
                    result_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_search_log", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "shortlists",
                schema: "directory",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    token_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    team = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_shortlists", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "signposts",
                schema: "directory",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    asset_id = table.Column<Guid>(type: "uuid", nullable: false),
                    location_id = table.Column<Guid>(type: "uuid", nullable: true),
                    team = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    support = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    signposted_on = table.Column<DateOnly>(type: "date", nullable: false),
                    interest_codes = table.Column<string[]>(type: "text[]", nullable: false),
                    area_code = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: true),
                    outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    outcome_on = table.Column<DateOnly>(type: "date", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    outcome_recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    outcome_recorded_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_signposts", x => x.id);
                    table.ForeignKey(
                        name: "fk_signposts_assets_asset_id",
                        column: x => x.asset_id,
                        principalSchema: "directory",
                        principalTable: "assets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_signposts_locations_location_id",
                        column: x => x.location_id,
                        principalSchema: "directory",
                        principalTable: "locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "shortlist_item",
                schema: "directory",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    shortlist_id = table.Column<Guid>(type: "uuid", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    asset_id = table.Column<Guid>(type: "uuid", nullable: false),
                    location_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_shortlist_item", x => x.id);
                    table.ForeignKey(
                        name: "fk_shortlist_item_assets_asset_id",
                        column: x => x.asset_id,
                        principalSchema: "directory",
                        principalTable: "assets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_shortlist_item_locations_location_id",
                        column: x => x.location_id,
                        principalSchema: "directory",
                        principalTable: "locations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_shortlist_item_shortlists_shortlist_id",
                        column: x => x.shortlist_id,
                        principalSchema: "directory",
                        principalTable: "shortlists",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_search_log_searched_on",
                schema: "directory",
                table: "search_log",
                column: "searched_on");

            migrationBuilder.CreateIndex(
                name: "ix_shortlist_item_asset_id",
                schema: "directory",
                table: "shortlist_item",
                column: "asset_id");

            migrationBuilder.CreateIndex(
                name: "ix_shortlist_item_location_id",
                schema: "directory",
                table: "shortlist_item",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "ix_shortlist_item_shortlist_id",
                schema: "directory",
                table: "shortlist_item",
                column: "shortlist_id");

            migrationBuilder.CreateIndex(
                name: "ix_shortlists_token_hash",
                schema: "directory",
                table: "shortlists",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_signposts_asset_id",
                schema: "directory",
                table: "signposts",
                column: "asset_id");

            migrationBuilder.CreateIndex(
                name: "ix_signposts_location_id",
                schema: "directory",
                table: "signposts",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "ix_signposts_signposted_on",
                schema: "directory",
                table: "signposts",
                column: "signposted_on");

            migrationBuilder.CreateIndex(
                name: "ix_signposts_team_signposted_on",
                schema: "directory",
                table: "signposts",
                columns: new[] { "team", "signposted_on" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "search_log",
                schema: "directory");

            migrationBuilder.DropTable(
                name: "shortlist_item",
                schema: "directory");

            migrationBuilder.DropTable(
                name: "signposts",
                schema: "directory");

            migrationBuilder.DropTable(
                name: "shortlists",
                schema: "directory");

            migrationBuilder.DropColumn(
                name: "team",
                schema: "directory",
                table: "api_keys");
        }
    }
}
