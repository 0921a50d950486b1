// process.exit() on the main thread runs no environment cleanup hook: Node
// emits 'exit' and ends the process. One 'exit' listener per environment
// cancels and joins the jobs still running there, so their threads end
// before the process does. Elsewhere (Workers, a loop that ran out of work)
// the env exit hook of each job does the same.
//
// Lookup: napi_env -> watch, in a process-wide index guarded by a mutex,
// used when a job starts; an environment's entry goes with its teardown.
#ifndef TSCB_PROGRESS_EXIT_WATCH_H_
#define TSCB_PROGRESS_EXIT_WATCH_H_

#include <node_api.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "../../threadsafe_callback.h"
#include "job.h"
#include "js.h"

namespace tscb {
namespace detail {

class ExitWatch {
 public:
  // JS thread. Watches `job` until it ends or the process exits.
  static void Watch(napi_env env, const std::shared_ptr<JobCore>& job) {
    ExitWatch* watch = nullptr;
    {
      std::lock_guard<std::mutex> lock(IndexMutex());
      auto found = Index().find(env);
      if (found != Index().end()) watch = found->second;
    }
    if (watch == nullptr) watch = Create(env);
    if (watch == nullptr) return;  // the env exit hook still joins it
    auto& jobs = watch->jobs_;
    jobs.erase(std::remove_if(jobs.begin(), jobs.end(),
                              [](const std::weak_ptr<JobCore>& entry) { return entry.expired(); }),
               jobs.end());
    jobs.push_back(job);
  }

 private:
  struct Token {};  // only Create() makes one

 public:
  ExitWatch(Token, napi_env env) : env_(env) {}

 private:

  // The watch is owned jointly by the listener function (freed by its
  // finalizer) and the env exit hook: runtimes differ in which of the two
  // goes first at teardown (Deno finalizes the listener before it runs the
  // cleanup hooks), so whichever is last frees it.
  static ExitWatch* Create(napi_env env) {
    auto watch = std::make_shared<ExitWatch>(Token{}, env);
    napi_value listener = ListenToProcess(env, "exit", &OnExit, watch.get());
    if (listener == nullptr) return nullptr;
    auto* held_by_listener = new std::shared_ptr<ExitWatch>(watch);
    if (napi_add_finalizer(env, listener, held_by_listener,
                           [](napi_env, void* data, void*) { delete static_cast<std::shared_ptr<ExitWatch>*>(data); },
                           nullptr, nullptr) != napi_ok) {
      delete held_by_listener;  // the listener then never frees it: the hook does
    }
    {
      std::lock_guard<std::mutex> lock(IndexMutex());
      Index()[env] = watch.get();
    }
    AddEnvExitHook(Napi::Env(env), [watch](Napi::Env, EnvKind) {
      {
        std::lock_guard<std::mutex> lock(IndexMutex());
        Index().erase(watch->env_);
      }
      watch->JoinAll();
      watch->exited_ = true;  // the listener may still be called: it then does nothing
    });
    return watch.get();
  }

  static napi_value OnExit(napi_env env, napi_callback_info info) {
    void* data = nullptr;
    napi_get_cb_info(env, info, nullptr, nullptr, nullptr, &data);
    auto* watch = static_cast<ExitWatch*>(data);
    if (!watch->exited_) watch->JoinAll();
    return nullptr;
  }

  void JoinAll() {
    std::vector<std::weak_ptr<JobCore>> jobs;
    jobs.swap(jobs_);
    for (const auto& entry : jobs) {
      if (auto job = entry.lock()) job->CancelAndJoin();
    }
  }

  static std::mutex& IndexMutex() {
    static std::mutex* mutex = new std::mutex;  // never destroyed: Workers may outlive exit()
    return *mutex;
  }
  static std::unordered_map<napi_env, ExitWatch*>& Index() {
    static auto* index = new std::unordered_map<napi_env, ExitWatch*>;
    return *index;
  }

  const napi_env env_;
  std::vector<std::weak_ptr<JobCore>> jobs_;
  bool exited_ = false;
};

}  // namespace detail
}  // namespace tscb

#endif  // TSCB_PROGRESS_EXIT_WATCH_H_
