using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdentityBroker.Store.Migrations
{
    /// <inheritdoc />
    public partial class ClientRegistrations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "client_registrations",
                schema: "broker",
                columns: table => new
                {
                    client_id = table.Column<string>(type: "text", nullable: false),
                    region_code = table.Column<string>(type: "text", nullable: false),
                    definition = table.Column<string>(type: "jsonb", nullable: false),
                    definition_hash = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    removed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_client_registrations", x => x.client_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_client_registrations_region_code",
                schema: "broker",
                table: "client_registrations",
                column: "region_code");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "client_registrations",
                schema: "broker");
        }
    }
}
