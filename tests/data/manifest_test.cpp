// Manifest reading, writing and the round trip; every error names row and column.
#include "data/manifest.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "data/csv.h"
#include "support/test_support.h"

namespace emoforget::data {
namespace {
using testing::read_text;
using testing::TempDir;
using testing::write_text;

Manifest parse(const std::string& text) {
  return parse_manifest(text, "m.csv", "/data");
}

// The message of the Error that parsing `text` throws ("" if none).
std::string parse_error(const std::string& text) {
  try {
    parse(text);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

void expect_mentions(const std::string& message, const std::vector<std::string>& parts) {
  ASSERT_FALSE(message.empty()) << "expected an error";
  for (const std::string& part : parts) {
    EXPECT_NE(message.find(part), std::string::npos) << "'" << part << "' not in: " << message;
  }
}

Manifest sample() {
  Manifest m;
  m.extra_columns = {"note", "duration"};
  Utterance a;
  a.utt_id = "spk1/a";
  a.path = "audio/with, comma/a.wav";
  a.speaker = "spk1";
  a.emotion = "anger";
  a.split = "train";
  a.gender = "f";
  a.extra = {{"note", "said \"hello\",\nthen left"}, {"duration", "1.5"}};
  Utterance b;
  b.utt_id = "b";
  b.path = " leading space.wav";
  b.speaker = "spk2";
  b.emotion = "sadness";
  b.extra = {{"note", ""}, {"duration", "2"}};
  m.utterances = {a, b};
  return m;
}

TEST(Manifest, MinimalColumnsDefaultUttIdToPath) {
  const Manifest m = parse("path,speaker,emotion\na.wav,s1,anger\nsub/b.wav,s2,fear\n");
  ASSERT_EQ(m.utterances.size(), 2u);
  EXPECT_EQ(m.utterances[1].utt_id, "sub/b.wav");
  EXPECT_EQ(m.utterances[1].split, "");
  EXPECT_EQ(m.resolve(m.utterances[1]), std::filesystem::path("/data/sub/b.wav"));
  EXPECT_EQ(m.emotions(), (std::vector<std::string>{"anger", "fear"}));
  EXPECT_EQ(m.speakers(), (std::vector<std::string>{"s1", "s2"}));
}

TEST(Manifest, AbsolutePathsResolveToThemselves) {
  const Manifest m = parse("path,speaker,emotion\n/abs/a.wav,s1,anger\n");
  EXPECT_EQ(m.resolve(m.utterances[0]), std::filesystem::path("/abs/a.wav"));
}

TEST(Manifest, ReadsQuotesCrlfBomAndUnknownColumns) {
  const std::string text =
      "\xEF\xBB\xBF"
      "emotion,path,extra,speaker,split\r\n"
      "anger,\"dir, with comma/a.wav\",\"multi\r\nline \"\"quoted\"\"\",s1,val\r\n"
      "fear,b.wav,,s2,\r\n";
  const Manifest m = parse(text);
  ASSERT_EQ(m.utterances.size(), 2u);
  EXPECT_EQ(m.extra_columns, std::vector<std::string>{"extra"});
  EXPECT_EQ(m.utterances[0].path, "dir, with comma/a.wav");
  EXPECT_EQ(m.utterances[0].extra.at("extra"), "multi\r\nline \"quoted\"");
  EXPECT_EQ(m.utterances[0].split, "val");
  EXPECT_EQ(m.utterances[1].extra.at("extra"), "");
  EXPECT_EQ(m.utterances[1].speaker, "s2");
}

TEST(Manifest, GenderWordsAreNormalised) {
  const Manifest m = parse("path,speaker,emotion,gender\na,s,x,Female\nb,s,x,M\nc,s,x,\n");
  EXPECT_EQ(m.utterances[0].gender, "f");
  EXPECT_EQ(m.utterances[1].gender, "m");
  EXPECT_EQ(m.utterances[2].gender, "");
}

TEST(Manifest, WriteThenReadIsIdentity) {
  TempDir dir;
  const Manifest m = sample();
  write_manifest(dir / "out/manifest.csv", m);
  const Manifest back = read_manifest(dir / "out/manifest.csv");
  EXPECT_EQ(back, m);
  EXPECT_EQ(back.root, std::filesystem::absolute(dir / "out"));
  // Fields with commas, quotes and line breaks are quoted; plain ones are not.
  const std::string text = read_text(dir / "out/manifest.csv");
  EXPECT_NE(text.find("\"audio/with, comma/a.wav\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"said \"\"hello\"\",\nthen left\""), std::string::npos) << text;
  EXPECT_NE(text.find(",spk2,sadness,"), std::string::npos) << text;
  EXPECT_EQ(format_manifest(back), text);
}

TEST(Manifest, WriterRejectsManifestsThatWouldNotReadBack) {
  Manifest m = sample();
  m.utterances[1].speaker = "";
  EXPECT_THROW(format_manifest(m), Error);
  m = sample();
  m.utterances[1].utt_id = "spk1/a";
  EXPECT_THROW(format_manifest(m), Error);
  m = sample();
  m.utterances[0].extra["undeclared"] = "x";
  EXPECT_THROW(format_manifest(m), Error);
  m = sample();
  m.extra_columns.push_back("speaker");
  EXPECT_THROW(format_manifest(m), Error);
}

TEST(Manifest, FailedWriteKeepsExistingFile) {
  TempDir dir;
  write_text(dir / "m.csv", "old contents\n");
  Manifest m = sample();
  m.utterances[0].split = "dev";
  EXPECT_THROW(write_manifest(dir / "m.csv", m), Error);
  EXPECT_EQ(read_text(dir / "m.csv"), "old contents\n");
  EXPECT_EQ(testing::list_files(dir.path()), std::vector<std::string>{"m.csv"});
}

TEST(ManifestErrors, MissingRequiredColumn) {
  expect_mentions(parse_error("path,emotion\na.wav,anger\n"),
                  {"m.csv", "row 1", "column 'speaker'", "missing required column"});
}

TEST(ManifestErrors, EmptyRequiredFields) {
  expect_mentions(parse_error("path,speaker,emotion\na,s,x\n,s,x\n"),
                  {"m.csv", "row 3", "column 'path'", "empty path"});
  expect_mentions(parse_error("path,speaker,emotion\na,,x\n"),
                  {"row 2", "column 'speaker'", "empty speaker"});
  expect_mentions(parse_error("path,speaker,emotion\na,s,x\nb,s,x\nc,s,\n"),
                  {"row 4", "column 'emotion'", "empty emotion"});
}

TEST(ManifestErrors, DuplicateUttIdNamesBothRows) {
  expect_mentions(parse_error("path,speaker,emotion,utt_id\na,s,x,u1\nb,s,x,u2\nc,s,x,u1\n"),
                  {"row 4", "column 'utt_id'", "'u1'", "rows 2 and 4"});
  expect_mentions(parse_error("path,speaker,emotion\na,s,x\na,s,y\n"),
                  {"row 3", "column 'path'", "rows 2 and 3"});
}

TEST(ManifestErrors, UnknownSplitAndGender) {
  expect_mentions(parse_error("path,speaker,emotion,split\na,s,x,train\nb,s,x,dev\n"),
                  {"row 3", "column 'split'", "'dev'", "train, val, test"});
  expect_mentions(parse_error("path,speaker,emotion,gender\na,s,x,q\n"),
                  {"row 2", "column 'gender'", "'q'"});
}

TEST(ManifestErrors, WrongFieldCount) {
  expect_mentions(parse_error("path,speaker,emotion\na,s\n"),
                  {"row 2", "column 'emotion'", "2 fields", "3 columns"});
  expect_mentions(parse_error("path,speaker,emotion\na,s,x\nb,s,x,extra\n"),
                  {"row 3", "column 4", "4 fields", "3 columns"});
}

TEST(ManifestErrors, RowNumbersCountRecordsAndNameTheLine) {
  // The quoted field spans two lines, so the bad record is row 3 on line 4.
  expect_mentions(parse_error("path,speaker,emotion\n\"a\nb\",s,x\nc,,x\n"),
                  {"row 3 (line 4)", "column 'speaker'"});
}

TEST(ManifestErrors, UnterminatedQuote) {
  expect_mentions(parse_error("path,speaker,emotion\na,s,x\nb,\"s,x\nc,s,x\n"),
                  {"row 3", "column 'speaker'", "unterminated"});
  expect_mentions(parse_error("path,speaker,emotion\na,\"s\"x,y\n"),
                  {"row 2", "column 'speaker'", "after a closing quote"});
}

TEST(ManifestErrors, EmptyFileAndBadHeader) {
  expect_mentions(parse_error(""), {"m.csv", "empty manifest"});
  expect_mentions(parse_error("path,speaker,emotion,path\n"), {"row 1", "duplicate column"});
}

TEST(ManifestErrors, MissingFileNamesIt) {
  try {
    read_manifest("/nonexistent/manifest.csv");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/manifest.csv"), std::string::npos);
  }
}

TEST(Csv, FieldQuotingRoundTrips) {
  const std::vector<std::string> fields = {"plain", "a,b", "q\"q", "l1\nl2", " pad", ""};
  CsvReader reader(csv_line(fields) + csv_line({"x"}));
  CsvRecord record;
  ASSERT_TRUE(reader.next(record));
  EXPECT_EQ(record.fields, fields);
  EXPECT_EQ(record.row, 1u);
  ASSERT_TRUE(reader.next(record));
  EXPECT_EQ(record.line, 3u);
  EXPECT_FALSE(reader.next(record));
  EXPECT_EQ(csv_field("plain"), "plain");
}

}  // namespace
}  // namespace emoforget::data
