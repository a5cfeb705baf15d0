// parse_cremad_demographics: genders by actor from VideoDemographics.csv text, and one
// error naming the source, row and column for each kind of malformed file.
#include "corpora/cremad_demographics.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "common/error.h"

namespace emoforget::corpora {
namespace {

// The error parsing `text` gives ("" when it parses).
std::string error_of(const std::string& text) {
  try {
    parse_cremad_demographics(text, "demo.csv");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(CremadDemographics, ReadsGendersWhateverTheColumnOrderAndQuoting) {
  const auto genders = parse_cremad_demographics(
      "\xEF\xBB\xBF"
      "Age,Sex,ActorID,Race\r\n51,Male,1001,\"Asian, other\"\r\n21,Female,1002,Caucasian\r\n",
      "demo.csv");
  EXPECT_EQ(genders, (std::map<std::string, std::string>{{"1001", "m"}, {"1002", "f"}}));
  EXPECT_TRUE(parse_cremad_demographics("ActorID,Sex\n", "demo.csv").empty());
}

TEST(CremadDemographics, MalformedFilesNameSourceRowAndColumn) {
  EXPECT_EQ(error_of(""), "demo.csv: empty file; expected a header ActorID,Age,Sex,...");
  EXPECT_EQ(error_of("ActorID,Age\n1001,51\n"),
            "demo.csv: row 1: the header needs columns ActorID and Sex");
  EXPECT_EQ(error_of("ActorID,Age,Sex\n1001,51\n"),
            "demo.csv: row 2, column 3: the row has 2 fields, fewer than the header");
  EXPECT_EQ(error_of("ActorID,Sex\n1001,X\n"),
            "demo.csv: row 2, column 'Sex': unknown value 'X'; expected Male or Female");
  EXPECT_NE(error_of("ActorID,Sex\n1001,\"Male\n").find("demo.csv: row 2, column 2: unterminated"),
            std::string::npos);
}

}  // namespace
}  // namespace emoforget::corpora
