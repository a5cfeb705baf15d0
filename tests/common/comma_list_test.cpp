// One rule for every comma-separated list flag.
#include "common/comma_list.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace emoforget {
namespace {

std::string error_of(void (*parse)()) {
  try {
    parse();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(CommaList, EmptyTextIsAnEmptyListAndItemsAreTrimmed) {
  EXPECT_TRUE(parse_name_list("", "--held-out").empty());
  EXPECT_TRUE(parse_name_list("  ", "--held-out").empty());
  EXPECT_EQ(parse_name_list(" val , test", "--held-out"),
            (std::vector<std::string>{"val", "test"}));
  EXPECT_EQ(parse_int_list("10, 30", "--n"), (std::vector<int64_t>{10, 30}));
  EXPECT_EQ(parse_double_list("0.1,0.5", "--tau"), (std::vector<double>{0.1, 0.5}));
  EXPECT_EQ(parse_seed_list("0,7", "--seeds"), (std::vector<uint64_t>{0, 7}));
}

TEST(CommaList, AnEmptyItemAnywhereIsAnErrorNamingTheFlag) {
  for (const char* text : {"a,,b", "a,", ",a", ","}) {
    try {
      parse_name_list(text, "--methods");
      ADD_FAILURE() << "accepted '" << text << "'";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("--methods: empty item"), std::string::npos) << e.what();
    }
  }
  EXPECT_NE(error_of([] { parse_int_list("10,,30", "--n"); }).find("--n: empty item"),
            std::string::npos);
}

TEST(CommaList, ItemsOfTheWrongKindAreNamed) {
  EXPECT_EQ(error_of([] { parse_int_list("10,ten", "--n"); }), "--n: 'ten' is not an integer");
  EXPECT_EQ(error_of([] { parse_int_list("1.5", "--n"); }), "--n: '1.5' is not an integer");
  EXPECT_EQ(error_of([] { parse_double_list("0.1x", "--tau"); }), "--tau: '0.1x' is not a number");
  EXPECT_EQ(error_of([] { parse_seed_list("-1", "--seeds"); }),
            "--seeds: seeds must be 0 or more, got -1");
}

TEST(CommaList, JoinIsWhatTheParserReadsBack) {
  const std::vector<std::string> items{"train", "val"};
  EXPECT_EQ(join_list(items), "train,val");
  EXPECT_EQ(parse_name_list(join_list(items), "--x"), items);
}

}  // namespace
}  // namespace emoforget
