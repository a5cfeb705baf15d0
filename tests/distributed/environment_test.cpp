#include "distributed/environment.h"

#include <gtest/gtest.h>

#include <map>

#include "common/error.h"

namespace emoforget::distributed {
namespace {

Lookup from(const std::map<std::string, std::string>& values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    const auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

std::string error_of(const std::map<std::string, std::string>& values) {
  try {
    read_environment(from(values));
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(Environment, UnsetIsOneProcess) {
  const Environment env = read_environment(from({}));
  EXPECT_FALSE(env.distributed());
  EXPECT_EQ(env.rank, 0);
  EXPECT_EQ(env.world_size, 1);
}

TEST(Environment, ReadsTorchrunVariables) {
  const Environment env = read_environment(from({{"RANK", "3"},
                                                 {"WORLD_SIZE", "4"},
                                                 {"LOCAL_RANK", "1"},
                                                 {"LOCAL_WORLD_SIZE", "2"},
                                                 {"MASTER_ADDR", "node7"},
                                                 {"MASTER_PORT", "29600"}}));
  EXPECT_TRUE(env.distributed());
  EXPECT_EQ(env.rank, 3);
  EXPECT_EQ(env.world_size, 4);
  EXPECT_EQ(env.local_rank, 1);
  EXPECT_EQ(env.local_world_size, 2);
  EXPECT_EQ(env.master_addr, "node7");
  EXPECT_EQ(env.master_port, 29600);
}

TEST(Environment, LocalRankDefaultsToOneMachine) {
  const Environment env = read_environment(from(
      {{"RANK", "1"}, {"WORLD_SIZE", "2"}, {"MASTER_ADDR", "127.0.0.1"}, {"MASTER_PORT", "1"}}));
  EXPECT_EQ(env.local_rank, 1);
  EXPECT_EQ(env.local_world_size, 2);
}

TEST(Environment, BadValuesNameTheVariable) {
  EXPECT_NE(error_of({{"RANK", "0"}}).find("WORLD_SIZE is not set"), std::string::npos);
  EXPECT_NE(error_of({{"RANK", "2"}, {"WORLD_SIZE", "2"}}).find("RANK='2'"), std::string::npos);
  EXPECT_NE(error_of({{"RANK", "x"}, {"WORLD_SIZE", "2"}}).find("RANK='x'"), std::string::npos);
  EXPECT_NE(
      error_of({{"RANK", "0"}, {"WORLD_SIZE", "2"}, {"MASTER_PORT", "1"}}).find("MASTER_ADDR"),
      std::string::npos);
  EXPECT_NE(
      error_of({{"RANK", "0"}, {"WORLD_SIZE", "2"}, {"MASTER_ADDR", "h"}, {"MASTER_PORT", "70000"}})
          .find("MASTER_PORT='70000'"),
      std::string::npos);
  EXPECT_NE(error_of({{"RANK", "0"},
                      {"WORLD_SIZE", "2"},
                      {"LOCAL_WORLD_SIZE", "2"},
                      {"LOCAL_RANK", "5"},
                      {"MASTER_ADDR", "h"},
                      {"MASTER_PORT", "1"}})
                .find("LOCAL_RANK='5'"),
            std::string::npos);
}

}  // namespace
}  // namespace emoforget::distributed
