// Command gorm checks GORM (gorm.io/gorm with its PostgreSQL driver,
// over pgx) against a running zerodb. It is a module of its own, so
// that the server's module does not depend on an ORM.
//
// AutoMigrate creates tables with foreign keys, a many-to-many join
// table, jsonb, indexes and a check. A second AutoMigrate against
// changed models reads them back through GORM's migrator (HasTable,
// ColumnTypes, HasIndex, HasConstraint, which query information_schema
// and pg_catalog) and alters what differs. Then come associations with
// Preload and Joins, clause.OnConflict upserts with RETURNING, batches,
// transactions with savepoints, errors with their SQLSTATE, and
// cascading deletes. Connection settings come from PGHOST, PGPORT,
// PGUSER, PGPASSWORD and PGDATABASE. It prints "OK gorm" and exits 0,
// or prints what differed and exits 1.
package main

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/logger"
)

// The first version of the models.
type Team struct {
	ID      uint     `gorm:"primaryKey"`
	Name    string   `gorm:"size:60;uniqueIndex;not null"`
	Players []Player `gorm:"constraint:OnDelete:CASCADE"`
}

type Player struct {
	ID     uint   `gorm:"primaryKey"`
	TeamID uint   `gorm:"not null;index"`
	Team   Team   `gorm:"constraint:OnDelete:CASCADE"`
	Nick   string `gorm:"size:40;not null"`
	Level  int    `gorm:"default:1;check:level >= 0"`
	Stats  string `gorm:"type:jsonb;default:'{}'"`
	Tags   []Tag  `gorm:"many2many:player_tags"`
	Joined time.Time
}

type Tag struct {
	ID    uint   `gorm:"primaryKey"`
	Label string `gorm:"size:20;uniqueIndex"`
}

// The second version: a wider name, a new column with its index, a
// column no longer NOT NULL.
type TeamV2 struct {
	ID    uint   `gorm:"primaryKey"`
	Name  string `gorm:"size:120;uniqueIndex;not null"`
	Motto *string
	Rank  int `gorm:"not null;default:0;index"`
}

func (TeamV2) TableName() string { return "teams" }

func main() {
	if err := run(); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	fmt.Println("OK gorm")
}

func run() error {
	env := func(k, d string) string {
		if v := os.Getenv(k); v != "" {
			return v
		}
		return d
	}
	dsn := fmt.Sprintf("host=%s port=%s user=%s password=%s dbname=%s sslmode=disable",
		env("PGHOST", "127.0.0.1"), env("PGPORT", "5432"), env("PGUSER", "root"), os.Getenv("PGPASSWORD"), env("PGDATABASE", "main"))
	db, err := gorm.Open(postgres.Open(dsn), &gorm.Config{Logger: logger.Default.LogMode(logger.Silent)})
	if err != nil {
		return fmt.Errorf("open: %w", err)
	}
	m := db.Migrator()
	for _, t := range []string{"player_tags", "players", "tags", "teams"} {
		if err := m.DropTable(t); err != nil {
			return fmt.Errorf("drop %s: %w", t, err)
		}
	}
	if err := db.AutoMigrate(&Team{}, &Player{}, &Tag{}); err != nil {
		return fmt.Errorf("automigrate: %w", err)
	}
	if err := db.AutoMigrate(&TeamV2{}); err != nil {
		return fmt.Errorf("automigrate of the changed model: %w", err)
	}
	checks := []struct {
		what string
		ok   bool
	}{
		{"HasTable players", m.HasTable("players")},
		{"HasTable player_tags", m.HasTable("player_tags")},
		{"HasColumn teams.motto", m.HasColumn(&TeamV2{}, "Motto")},
		{"HasIndex teams rank", m.HasIndex(&TeamV2{}, "idx_teams_rank")},
		{"HasIndex players team_id", m.HasIndex(&Player{}, "idx_players_team_id")},
		{"HasConstraint fk_teams_players", m.HasConstraint(&Player{}, "fk_teams_players")},
		{"HasConstraint players level check", m.HasConstraint(&Player{}, "chk_players_level")},
	}
	for _, c := range checks {
		if !c.ok {
			return fmt.Errorf("migrator: %s is false", c.what)
		}
	}
	cols, err := m.ColumnTypes(&TeamV2{})
	if err != nil {
		return fmt.Errorf("column types: %w", err)
	}
	found := false
	for _, c := range cols {
		if c.Name() == "name" {
			n, ok := c.Length()
			if !ok || n != 120 {
				return fmt.Errorf("teams.name length %d, %v after the second migration", n, ok)
			}
			found = true
		}
	}
	if !found {
		return errors.New("column types: no name")
	}

	red := Team{Name: "red"}
	blue := Team{Name: "blue"}
	if err := db.Create(&[]*Team{&red, &blue}).Error; err != nil {
		return fmt.Errorf("create teams: %w", err)
	}
	tags := []Tag{{Label: "fast"}, {Label: "old"}}
	players := []Player{
		{TeamID: red.ID, Nick: "ann", Level: 7, Stats: `{"wins": 3}`, Tags: tags, Joined: time.Now()},
		{TeamID: red.ID, Nick: "bob", Level: 3, Joined: time.Now()},
		{TeamID: blue.ID, Nick: "cy", Level: 9, Stats: `{"wins": 10}`, Tags: tags[:1], Joined: time.Now()},
	}
	if err := db.CreateInBatches(&players, 2).Error; err != nil {
		return fmt.Errorf("create players: %w", err)
	}
	var got []Team
	if err := db.Preload("Players", func(q *gorm.DB) *gorm.DB { return q.Order("nick") }).Preload("Players.Tags").Order("name").Find(&got).Error; err != nil {
		return fmt.Errorf("preload: %w", err)
	}
	if len(got) != 2 || got[1].Name != "red" || len(got[1].Players) != 2 || len(got[1].Players[0].Tags) != 2 {
		return fmt.Errorf("preload: %+v", got)
	}
	var strong []Player
	if err := db.Joins("Team").Where(`"Team".name = ? AND players.level > ?`, "red", 5).Find(&strong).Error; err != nil {
		return fmt.Errorf("joins: %w", err)
	}
	if len(strong) != 1 || strong[0].Nick != "ann" || strong[0].Team.Name != "red" {
		return fmt.Errorf("joins: %+v", strong)
	}
	var winners int64
	if err := db.Model(&Player{}).Where("(stats->>'wins')::int >= ?", 3).Count(&winners).Error; err != nil || winners != 2 {
		return fmt.Errorf("jsonb count %d: %v", winners, err)
	}
	var sums []struct {
		TeamID uint
		Total  int
	}
	if err := db.Model(&Player{}).Select("team_id, sum(level) AS total").Group("team_id").Order("total DESC").Scan(&sums).Error; err != nil {
		return fmt.Errorf("group: %w", err)
	}
	if len(sums) != 2 || sums[0].Total != 10 {
		return fmt.Errorf("group: %+v", sums)
	}

	// Upsert with RETURNING.
	up := Tag{Label: "fast"}
	if err := db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "label"}}, DoUpdates: clause.Assignments(map[string]any{"label": "fast"})}).Create(&up).Error; err != nil {
		return fmt.Errorf("upsert: %w", err)
	}
	if up.ID != tags[0].ID {
		return fmt.Errorf("upsert returned id %d, want %d", up.ID, tags[0].ID)
	}

	// A transaction with a savepoint rolled back.
	err = db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Model(&Player{}).Where("nick = ?", "bob").Update("level", gorm.Expr("level + ?", 2)).Error; err != nil {
			return err
		}
		_ = tx.Transaction(func(tx2 *gorm.DB) error {
			tx2.Create(&Tag{Label: "ghost"})
			return errors.New("roll back the savepoint")
		})
		return nil
	})
	if err != nil {
		return fmt.Errorf("transaction: %w", err)
	}
	var bob Player
	var ghosts int64
	db.Where("nick = ?", "bob").First(&bob)
	db.Model(&Tag{}).Where("label = ?", "ghost").Count(&ghosts)
	if bob.Level != 5 || ghosts != 0 {
		return fmt.Errorf("savepoint: bob's level %d, ghosts %d", bob.Level, ghosts)
	}

	// Errors carry their SQLSTATE.
	for _, c := range []struct {
		code string
		err  error
	}{
		{"23505", db.Create(&Tag{Label: "old"}).Error},
		{"23514", db.Model(&Player{}).Where("nick = ?", "ann").Update("level", -1).Error},
		{"23503", db.Create(&Player{TeamID: 99999, Nick: "x", Joined: time.Now()}).Error},
	} {
		var pe *pgconn.PgError
		if !errors.As(c.err, &pe) || pe.Code != c.code {
			return fmt.Errorf("want SQLSTATE %s, got %v", c.code, c.err)
		}
	}

	// ON DELETE CASCADE from the team to its players.
	if err := db.Model(&players[0]).Association("Tags").Clear(); err != nil {
		return fmt.Errorf("clear tags: %w", err)
	}
	if err := db.Delete(&red).Error; err != nil {
		return fmt.Errorf("delete: %w", err)
	}
	var left int64
	db.Model(&Player{}).Count(&left)
	if left != 1 {
		return fmt.Errorf("cascade left %d players", left)
	}
	for _, t := range []string{"player_tags", "players", "tags", "teams"} {
		if err := m.DropTable(t); err != nil {
			return fmt.Errorf("drop %s: %w", t, err)
		}
	}
	return nil
}
