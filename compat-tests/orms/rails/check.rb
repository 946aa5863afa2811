# ActiveRecord 6.1 (Rails' ORM) against a running zerodb, from Debian's
# ruby-activerecord over ruby-pg.
#
# A schema built with migrations (create_table with references, jsonb,
# arrays, an enum-like string with a check, indexes, a column changed,
# renamed and removed), read back through ActiveRecord's schema cache and
# dumped with its schema dumper. Then what applications do: associations
# with includes and joins, scopes, JSON and array queries, aggregates,
# upsert_all, insert_all, transactions with savepoints, optimistic
# locking, pessimistic locks, validations against unique indexes and
# foreign keys, find_each in batches, and dependent destroys. Connection
# settings come from PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE;
# it prints "OK activerecord" and exits 0, or raises.

require "active_record"
require "stringio"

def check(cond, what)
  raise "check failed: #{what}" unless cond
end

ActiveRecord::Base.establish_connection(
  adapter: "postgresql",
  host: ENV.fetch("PGHOST", "127.0.0.1"),
  port: ENV.fetch("PGPORT", "5432").to_i,
  username: ENV.fetch("PGUSER", "root"),
  password: ENV.fetch("PGPASSWORD", ""),
  database: ENV.fetch("PGDATABASE", "main"),
)
ActiveRecord::Migration.verbose = false
ActiveRecord::Base.default_timezone = :utc

class CreateShop < ActiveRecord::Migration[6.1]
  def change
    create_table :ar_authors do |t|
      t.string :name, null: false, limit: 100
      t.string :email
      t.timestamps
    end
    add_index :ar_authors, :name, unique: true
    create_table :ar_books do |t|
      t.references :ar_author, null: false, foreign_key: { on_delete: :cascade }
      t.string :title, null: false
      t.decimal :price, precision: 8, scale: 2, default: 0
      t.integer :pages
      t.jsonb :meta, null: false, default: {}
      t.string :tags, array: true, default: []
      t.string :state, null: false, default: "draft"
      t.integer :lock_version, null: false, default: 0
      t.timestamps
    end
    add_index :ar_books, [:ar_author_id, :title], unique: true
    add_index :ar_books, :meta, using: :gin
    add_check_constraint :ar_books, "state IN ('draft', 'published')", name: "ar_books_state"
    create_table :ar_reviews, id: :uuid do |t|
      t.references :ar_book, null: false, foreign_key: true
      t.integer :stars, null: false
      t.text :body
      t.datetime :created_at, null: false, default: -> { "now()" }
    end
  end
end

class ChangeShop < ActiveRecord::Migration[6.1]
  def change
    change_column :ar_authors, :email, :string, limit: 320
    change_column_null :ar_authors, :email, true
    rename_column :ar_books, :pages, :page_count
    add_column :ar_authors, :country, :string, limit: 2, default: "NZ", null: false
    add_index :ar_books, :price, order: { price: :desc }, name: "ar_books_price_desc"
    remove_column :ar_authors, :updated_at, :datetime
  end
end

class ArAuthor < ActiveRecord::Base
  has_many :ar_books, dependent: :destroy
  validates :name, uniqueness: true
end

class ArBook < ActiveRecord::Base
  belongs_to :ar_author
  has_many :ar_reviews, dependent: :delete_all
  scope :published, -> { where(state: "published") }
end

class ArReview < ActiveRecord::Base
  belongs_to :ar_book
end

conn = ActiveRecord::Base.connection
conn.enable_extension("pgcrypto") # gen_random_uuid() for the uuid keys
[:ar_reviews, :ar_books, :ar_authors].each { |t| conn.drop_table(t, if_exists: true) }
CreateShop.migrate(:up)
ChangeShop.migrate(:up)
[ArAuthor, ArBook, ArReview].each(&:reset_column_information)

# What the schema cache and the dumper read back.
cols = ArAuthor.columns_hash
check(cols["email"].limit == 320 && cols["email"].null, "change_column: #{cols['email'].inspect}")
check(cols["country"].default == "NZ" && !cols["country"].null, "add_column default")
check(!cols.key?("updated_at"), "remove_column")
check(ArBook.columns_hash["tags"].array, "array column")
check(ArBook.columns_hash["meta"].type == :jsonb, "jsonb column")
check(ArBook.columns_hash.key?("page_count"), "rename_column")
check(ArReview.columns_hash["id"].type == :uuid, "uuid key")
idx = conn.indexes(:ar_books).map(&:name)
check(idx.include?("index_ar_books_on_ar_author_id_and_title") && idx.include?("ar_books_price_desc"), "indexes: #{idx}")
order = conn.indexes(:ar_books).find { |i| i.name == "ar_books_price_desc" }.orders
check([{ "price" => :desc }, :desc].include?(order), "index order: #{order.inspect}")
fks = conn.foreign_keys(:ar_books)
check(fks.size == 1 && fks[0].to_table == "ar_authors" && fks[0].on_delete == :cascade, "foreign keys: #{fks.inspect}")
check(conn.check_constraints(:ar_books).map(&:name) == ["ar_books_state"], "check constraints")
check(conn.primary_key(:ar_reviews) == "id", "primary key")
out = StringIO.new
ActiveRecord::SchemaDumper.dump(conn, out)
schema = out.string
check(schema.include?('create_table "ar_books"') && schema.include?('t.jsonb "meta", default: {}, null: false'),
      "schema dump:\n#{schema}")
check(schema.include?('add_foreign_key "ar_books", "ar_authors", on_delete: :cascade'), "dumped foreign key:\n#{schema}")

# Records, associations and queries.
ann = ArAuthor.create!(name: "Ann", email: "ann@example.com")
bob = ArAuthor.create!(name: "Bob")
books = (1..6).map do |i|
  ArBook.create!(ar_author: i.odd? ? ann : bob, title: "Book #{i}", price: i * 2.5, page_count: 100 * i,
                 meta: { "lang" => i.odd? ? "en" : "de", "n" => i }, tags: i.even? ? %w[x y] : %w[z],
                 state: i <= 4 ? "published" : "draft")
end
books.first(3).each_with_index { |b, i| ArReview.create!(ar_book: b, stars: i + 3, body: "ok") }

check(ArBook.published.count == 4, "scope")
check(ArBook.where("meta->>'lang' = ?", "de").count == 3, "jsonb ->>")
check(ArBook.where("meta @> ?", { n: 2 }.to_json).pluck(:title) == ["Book 2"], "jsonb @>")
check(ArBook.where("'y' = ANY(tags)").count == 3, "array ANY")
check(ArBook.where(price: 5..10).order(:price).pluck(:title) == ["Book 2", "Book 3", "Book 4"], "range")
authors = ArAuthor.includes(:ar_books).order(:name).to_a
check(authors.map { |a| a.ar_books.size } == [3, 3], "includes")
check(ArAuthor.joins(:ar_books).merge(ArBook.published).distinct.count == 2, "joins with a merged scope")
per = ArBook.group(:ar_author_id).order(:ar_author_id).sum(:price)
check(per.values.map(&:to_f) == [22.5, 30.0], "group sum: #{per}")
check(ArReview.joins(:ar_book).where(ar_books: { ar_author_id: ann.id }).average(:stars).to_f == 4.0, "average")
check(ArBook.left_outer_joins(:ar_reviews).where(ar_reviews: { id: nil }).count == 3, "left outer join")

# Bulk writes: insert_all and upsert_all (ON CONFLICT ... DO UPDATE).
ArAuthor.insert_all([{ name: "Cy", created_at: Time.now }, { name: "Dee", created_at: Time.now }])
ArAuthor.upsert_all([{ name: "Cy", email: "cy@example.com", created_at: Time.now }], unique_by: :name)
check(ArAuthor.find_by(name: "Cy").email == "cy@example.com", "upsert_all")

# Transactions and savepoints.
ArAuthor.transaction do
  ArAuthor.create!(name: "Eve")
  ArAuthor.transaction(requires_new: true) do
    ArAuthor.create!(name: "Fay")
    raise ActiveRecord::Rollback
  end
end
check(ArAuthor.where(name: %w[Eve Fay]).pluck(:name) == ["Eve"], "savepoint rollback")

# Optimistic locking (lock_version) and a pessimistic lock.
a = ArBook.find(books[0].id)
b = ArBook.find(books[0].id)
a.update!(price: 1)
begin
  b.update!(price: 2)
  raise "no StaleObjectError"
rescue ActiveRecord::StaleObjectError
end
ArBook.transaction { ArBook.lock.find(books[1].id).update!(price: 3) }

# Errors: unique index, foreign key, check constraint.
begin
  ArBook.create!(ar_author: ann, title: "Book 1")
  raise "no RecordNotUnique"
rescue ActiveRecord::RecordNotUnique
end
begin
  ArReview.create!(ar_book_id: 999_999, stars: 1)
  raise "no InvalidForeignKey"
rescue ActiveRecord::InvalidForeignKey
end
begin
  ArBook.create!(ar_author: ann, title: "Odd", state: "lost")
  raise "no check violation"
rescue ActiveRecord::StatementInvalid => e
  check(e.cause.is_a?(PG::CheckViolation), "check violation: #{e.cause.class}")
end
check(!ArAuthor.new(name: "Ann").valid?, "uniqueness validation")

# Batches and dependent destroys.
seen = 0
ArBook.find_each(batch_size: 2) { seen += 1 }
check(seen == 6, "find_each")
ann.destroy!
check(ArBook.count == 3 && ArReview.count == 1, "dependent destroy")

[:ar_reviews, :ar_books, :ar_authors].each { |t| conn.drop_table(t) }
puts "OK activerecord"
