// The one registry of unlearning methods: descriptors, names and errors.
#include <gtest/gtest.h>

#include <set>

#include "common/error.h"
#include "unlearn/method.h"

namespace emoforget::unlearn {
namespace {

TEST(MethodRegistry, EveryNameIsUniqueAndMakesItsMethod) {
  std::set<std::string> names;
  for (const MethodInfo& info : method_infos()) {
    EXPECT_TRUE(names.insert(info.name).second) << info.name << " is listed twice";
    EXPECT_FALSE(info.title.empty()) << info.name;
    EXPECT_FALSE(info.summary.empty()) << info.name;
    EXPECT_NE(make_method(info.name), nullptr) << info.name;
    EXPECT_EQ(&method_info(info.name), &info);
  }
  EXPECT_EQ(method_names().size(), method_infos().size());
  EXPECT_EQ(default_method_name(), method_infos().front().name);
}

TEST(MethodRegistry, DescriptorsSayWhatEachMethodNeeds) {
  int baselines = 0;
  for (const MethodInfo& info : method_infos()) {
    if (info.needs_fisher) {
      EXPECT_TRUE(info.runs_pgd) << info.name << ": EWC comes with the attack";
    }
    if (info.runs_pgd) {
      EXPECT_EQ(info.walks, EpochWalk::kAdversarialSet) << info.name;
    }
    if (info.needs_init) {
      EXPECT_EQ(info.walks, EpochWalk::kFineTuning) << info.name;
    }
    if (info.walks == EpochWalk::kRemainSet || info.walks == EpochWalk::kFineTuning) {
      EXPECT_TRUE(info.reads_remain_set) << info.name;
    }
    baselines += info.table1_baseline ? 1 : 0;
  }
  EXPECT_EQ(baselines, 1);
  EXPECT_TRUE(reference_method().needs_init);
  EXPECT_FALSE(method_info(default_method_name()).reads_remain_set)
      << "the default method unlearns from the forget set alone";
}

TEST(MethodRegistry, TableOneRowsFollowThePapersOrder) {
  const std::vector<std::string> rows = table1_method_names();
  ASSERT_EQ(rows.size(), 4u);
  for (size_t i = 0; i < rows.size(); ++i)
    EXPECT_EQ(method_info(rows[i]).table1_row, static_cast<int>(i) + 1);
  EXPECT_TRUE(method_info(rows.front()).reads_remain_set) << "Remain. Unl. is the first row";
  EXPECT_TRUE(method_info(rows.back()).needs_fisher) << "Adv. + Ela. is the last row";
}

TEST(MethodRegistry, UnknownNamesNameTheFlagAndTheKnownMethods) {
  try {
    method_info("magic", "--methods");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string text = e.what();
    EXPECT_NE(text.find("--methods: unknown method 'magic'"), std::string::npos) << text;
    for (const std::string& name : method_names())
      EXPECT_NE(text.find(name), std::string::npos) << text;
  }
  EXPECT_THROW(make_method("magic"), Error);
}

}  // namespace
}  // namespace emoforget::unlearn
