using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdentityBroker.Store.Migrations
{
    /// <inheritdoc />
    public partial class DiaryNameBirthDateIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_diary_accounts_region_code_normalized_name",
                schema: "broker",
                table: "diary_accounts");

            migrationBuilder.CreateIndex(
                name: "ix_diary_accounts_region_code_normalized_name_birth_date",
                schema: "broker",
                table: "diary_accounts",
                columns: new[] { "region_code", "normalized_name", "birth_date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_diary_accounts_region_code_normalized_name_birth_date",
                schema: "broker",
                table: "diary_accounts");

            migrationBuilder.CreateIndex(
                name: "ix_diary_accounts_region_code_normalized_name",
                schema: "broker",
                table: "diary_accounts",
                columns: new[] { "region_code", "normalized_name" });
        }
    }
}
