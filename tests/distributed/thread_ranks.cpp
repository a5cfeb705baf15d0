#include "distributed/thread_ranks.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

namespace emoforget::testing {

int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t size = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  close(fd);
  return ntohs(address.sin_port);
}

std::vector<std::string> run_ranks(int ranks, const std::function<void(distributed::Group&)>& body,
                                   std::chrono::seconds timeout) {
  const int port = free_port();
  std::vector<std::string> errors(static_cast<size_t>(ranks));
  std::vector<std::thread> threads;
  for (int r = 0; r < ranks; ++r) {
    threads.emplace_back([&, r] {
      try {
        distributed::Environment env;
        env.rank = r;
        env.world_size = ranks;
        env.local_rank = r;
        env.local_world_size = ranks;
        env.master_addr = "127.0.0.1";
        env.master_port = static_cast<uint16_t>(port);
        distributed::GroupOptions options;
        options.backend = "gloo";
        options.timeout = timeout;
        distributed::Group group(env, options);
        body(group);
      } catch (const std::exception& e) {
        errors[static_cast<size_t>(r)] = e.what();
      }
    });
  }
  for (std::thread& thread : threads)
    thread.join();
  return errors;
}

}  // namespace emoforget::testing
