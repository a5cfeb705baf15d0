#include "lineage/request_key.h"

#include <sys/stat.h>

#include <future>

#include <gtest/gtest.h>

#include "common/error.h"
#include "common/sha256.h"
#include "support/test_support.h"

namespace emoforget::lineage {
namespace {
namespace fs = std::filesystem;

TEST(RequestKey, CreatedOnFirstUsePrivateAndStable) {
  testing::TempDir dir;
  const fs::path path = dir / "keys" / "request.key";
  const RequestKey created = load_or_create_key(path);
  ASSERT_TRUE(fs::exists(path));
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u) << "only the operator may read the key";
  EXPECT_EQ(created.secret.size(), 32u);
  EXPECT_EQ(created.id, sha256_hex(created.secret).substr(0, 16));
  const RequestKey again = load_or_create_key(path);
  EXPECT_EQ(again.secret, created.secret);
  EXPECT_EQ(load_key(path).id, created.id);
  EXPECT_EQ(created.hash("f01_anger_00"), hmac_sha256_hex(created.secret, "f01_anger_00"));
  // Another key hashes the same id differently: the hash depends on the secret.
  const RequestKey other = load_or_create_key(dir / "other.key");
  EXPECT_NE(other.hash("f01_anger_00"), created.hash("f01_anger_00"));
}

TEST(RequestKey, ProcessesCreatingItAtOnceShareOneKey) {
  testing::TempDir dir;
  const fs::path path = dir / "request.key";
  std::vector<std::future<std::string>> ids;
  for (int i = 0; i < 8; ++i)
    ids.push_back(std::async(std::launch::async, [&] { return load_or_create_key(path).id; }));
  const std::string first = ids[0].get();
  for (size_t i = 1; i < ids.size(); ++i)
    EXPECT_EQ(ids[i].get(), first);
  EXPECT_EQ(testing::list_files(dir.path()), std::vector<std::string>{"request.key"})
      << "no temporary left behind";
}

TEST(RequestKey, MalformedOrMissingKeysAreNamed) {
  testing::TempDir dir;
  testing::write_text(dir / "bad.key", "hello\n");
  try {
    load_or_create_key(dir / "bad.key");
    FAIL() << "a malformed key was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("bad.key: not an emoforget request key"),
              std::string::npos)
        << e.what();
  }
  testing::write_text(dir / "short.key", "emoforget-request-key-v1 abcd\n");
  EXPECT_THROW(load_key(dir / "short.key"), Error);
  EXPECT_THROW(load_key(dir / "absent.key"), Error);
  EXPECT_FALSE(fs::exists(dir / "absent.key")) << "load_key never creates";
}

TEST(RequestKey, AKeyInsideAModelIsRefused) {
  testing::TempDir dir;
  fs::create_directories(dir / "model");
  EXPECT_THROW(check_key_outside(dir / "model" / "k.key", {dir / "other", dir / "model"}), Error);
  EXPECT_NO_THROW(check_key_outside(dir / "k.key", {dir / "model", dir / "out"}));
  EXPECT_NO_THROW(check_key_outside(dir / "model-key", {dir / "model"}))
      << "a sibling whose name starts like the folder is outside it";
}

TEST(RequestKey, DefaultPathFollowsTheEnvironment) {
  const char* saved = std::getenv("EMOFORGET_KEY");
  const std::string keep = saved ? saved : "";
  ::setenv("EMOFORGET_KEY", "/somewhere/k.key", 1);
  EXPECT_EQ(default_key_path(), fs::path("/somewhere/k.key"));
  ::unsetenv("EMOFORGET_KEY");
  ::setenv("XDG_CONFIG_HOME", "/cfg", 1);
  EXPECT_EQ(default_key_path(), fs::path("/cfg/emoforget/request.key"));
  ::unsetenv("XDG_CONFIG_HOME");
  if (saved) ::setenv("EMOFORGET_KEY", keep.c_str(), 1);
}

}  // namespace
}  // namespace emoforget::lineage
