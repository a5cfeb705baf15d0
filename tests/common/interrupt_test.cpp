// Ctrl-C and SIGTERM are recorded, not acted on at once: the next step boundary throws
// Interrupted with the shell's exit status, and side-by-side jobs are stopped with it.
#include "common/interrupt.h"

#include <signal.h>

#include <chrono>

#include <gtest/gtest.h>

#include "common/side_by_side.h"
#include "support/test_support.h"

namespace emoforget {
namespace {

class Interrupt : public ::testing::Test {
 protected:
  void TearDown() override { clear_interrupt(); }
};

TEST_F(Interrupt, ASignalIsRecordedAndThrownAtTheNextBoundary) {
  install_interrupt_handlers();
  EXPECT_NO_THROW(throw_if_interrupted("nothing"));
  raise(SIGTERM);  // the handler records it; the process goes on
  EXPECT_EQ(interrupt_signal(), SIGTERM);
  try {
    throw_if_interrupted("training (epoch 2/5, step 3 of 9)");
    FAIL() << "no Interrupted";
  } catch (const Interrupted& e) {
    EXPECT_EQ(std::string(e.what()),
              "interrupted by SIGTERM during training (epoch 2/5, step 3 of 9)");
    EXPECT_EQ(e.signal_number(), SIGTERM);
    EXPECT_EQ(e.exit_status(), 143);
  }
}

TEST_F(Interrupt, CtrlCExitsWith130) {
  request_interrupt(SIGINT);
  try {
    throw_if_interrupted("scoring");
    FAIL() << "no Interrupted";
  } catch (const Interrupted& e) {
    EXPECT_EQ(e.exit_status(), 130);
    EXPECT_NE(std::string(e.what()).find("SIGINT"), std::string::npos);
  }
}

TEST_F(Interrupt, SideBySideJobsAreStoppedAndTheWaitThrows) {
  testing::TempDir dir;
  request_interrupt(SIGTERM);
  const auto start = std::chrono::steady_clock::now();
  std::vector<SideLane> lanes = {{{"sleeper", {"/bin/sleep", "30"}, dir / "sleeper.log"}}};
  EXPECT_THROW(run_side_by_side(lanes), Interrupted);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 10.0) << "the job was not stopped";
}

}  // namespace
}  // namespace emoforget
