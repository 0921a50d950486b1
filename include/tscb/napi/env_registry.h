// The one per-environment registry of the library, used by every part of the
// package: the callbacks to close when an environment (main thread or Worker)
// tears down, and two kinds of hooks: "the environment is tearing down" (the
// public exit hooks, a progress job's join, a binding object's reference)
// and "the process is exiting" (process.exit() on the main thread runs no
// environment cleanup hook: a hook that must run then too says so).
//
// One async cleanup hook per environment runs the hooks (last added first),
// then closes every callback of that environment, and reports itself done
// only when all their uv handles have closed, so Node keeps the loop turning
// until then and never closes a loop with our handles open.
//
// Lookup: napi_env -> registry, in an index guarded by a mutex and used only
// when a callback or hook is created or removed. The index is one per addon
// (TSCB_ADDON_LOCAL, tscb/config.h): each addon built from this header keeps
// its own registries, so no addon runs another's code or sees its napi_env.
// The index owns no state of its own; an environment's entry goes with its
// teardown. Instance data is left to the addon that includes this header.
#ifndef TSCB_NAPI_ENV_REGISTRY_H_
#define TSCB_NAPI_ENV_REGISTRY_H_

#include <node_api.h>
#include <uv.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "tscb/config.h"
#include "tscb/napi/js.h"

#if !defined(NAPI_VERSION) || NAPI_VERSION < 8
#error "threadsafe-callback needs NAPI_VERSION 8 or later (async cleanup hooks)"
#endif

namespace tscb {

namespace detail {
struct HookTokenAccess;
}  // namespace detail

// Which kind of environment is tearing down.
enum class EnvKind { kMain, kWorker };

// Names one exit hook, for RemoveEnvExitHook.
class EnvExitHookToken {
 public:
  EnvExitHookToken() noexcept = default;
  bool operator==(const EnvExitHookToken& other) const noexcept { return id_ == other.id_; }
  bool operator!=(const EnvExitHookToken& other) const noexcept { return id_ != other.id_; }

 private:
  friend struct detail::HookTokenAccess;
  explicit EnvExitHookToken(uint64_t id) noexcept : id_(id) {}
  uint64_t id_ = 0;
};

namespace detail {

struct HookTokenAccess {
  static EnvExitHookToken Make(uint64_t id) noexcept { return EnvExitHookToken(id); }
  static uint64_t Id(EnvExitHookToken token) noexcept { return token.id_; }
};

// What the registry needs from a callback's loop side.
class EnvMember {
 public:
  virtual void CloseForTeardown() = 0;
  virtual void OnBeforeExit() = 0;

 protected:
  ~EnvMember() = default;
};

// Which runtime hosts an environment. Their Node-API layers differ where the
// registry relies on them: Deno runs an async cleanup hook as a plain one and
// frees its handle when the hook returns (removing it from inside the hook
// frees it twice), and its uv_default_loop() is NULL.
enum class Host { kNode, kDeno };

// JS thread: read from process.versions, once per environment.
inline Host DetectHost(napi_env env) {
  napi_value versions = js::ProcessMember(env, "versions");
  napi_valuetype type = napi_undefined;
  if (versions == nullptr || napi_typeof(env, versions, &type) != napi_ok || type != napi_object) {
    return Host::kNode;
  }
  bool has = false;
  if (napi_has_named_property(env, versions, "deno", &has) == napi_ok && has) return Host::kDeno;
  js::TakePendingException(env);
  return Host::kNode;
}

// JS thread: require('worker_threads').isMainThread, through
// process.getBuiltinModule (Node 20.16+, Bun, Deno); kWorker when it cannot
// be read.
inline EnvKind KindFromJs(napi_env env) {
  napi_value process = js::Process(env);
  napi_value get_builtin = js::ProcessMember(env, "getBuiltinModule");
  napi_value name = nullptr;
  napi_value module = nullptr;
  napi_value is_main = nullptr;
  napi_valuetype type = napi_undefined;
  bool main = false;
  const bool ok =
      get_builtin != nullptr && napi_typeof(env, get_builtin, &type) == napi_ok &&
      type == napi_function &&
      napi_create_string_utf8(env, "worker_threads", NAPI_AUTO_LENGTH, &name) == napi_ok &&
      napi_call_function(env, process, get_builtin, 1, &name, &module) == napi_ok &&
      napi_typeof(env, module, &type) == napi_ok && type == napi_object &&
      napi_get_named_property(env, module, "isMainThread", &is_main) == napi_ok &&
      napi_get_value_bool(env, is_main, &main) == napi_ok;
  js::TakePendingException(env);
  return ok && main ? EnvKind::kMain : EnvKind::kWorker;
}

// When a hook runs.
enum class HookTime {
  kTeardown,                // when the environment tears down
  kTeardownOrProcessExit,   // that, or at 'exit' of the process, whichever is first
};

class EnvRegistry {
 public:
  using Hook = std::function<void(napi_env, EnvKind)>;

  // JS thread. The registry of `env`, created on first use; nullptr once the
  // environment is tearing down (JS can no longer run there): a registry made
  // then would hook into a half-destroyed environment.
  static EnvRegistry* For(napi_env env) {
    std::lock_guard<std::mutex> lock(IndexMutex());
    auto& index = Index();
    auto found = index.find(env);
    if (found != index.end()) return found->second;
    if (!js::CanRunJs(env)) return nullptr;
    auto* registry = new EnvRegistry(env);
    if (napi_add_async_cleanup_hook(env, &EnvRegistry::OnTeardown, registry,
                                    &registry->cleanup_handle_) != napi_ok) {
      delete registry;
      return nullptr;
    }
    index.emplace(env, registry);
    return registry;
  }

  // Any thread. The registry of `env` if it has one; never creates one.
  static EnvRegistry* Find(napi_env env) {
    std::lock_guard<std::mutex> lock(IndexMutex());
    auto found = Index().find(env);
    return found == Index().end() ? nullptr : found->second;
  }

  // Any thread. This addon's environment whose JS thread this is, when the
  // library knows it (this addon made a callback or hook there and it is not
  // torn down); otherwise nullptr.
  static napi_env OfThisThread() {
    std::lock_guard<std::mutex> lock(IndexMutex());
    for (const auto& entry : Index()) {
      const EnvRegistry& registry = *entry.second;
      if (registry.OnOwnerThread() && !registry.tearing_down_) return entry.first;
    }
    return nullptr;
  }

  // Any thread. True when `env` is known (a callback or hook was created on
  // its JS thread) and the calling thread is not that JS thread: a misuse the
  // public entry points refuse before making any N-API call. An environment
  // the library has never seen cannot be told apart, so this is false for it.
  static bool KnownOffOwnerThread(napi_env env) {
    std::lock_guard<std::mutex> lock(IndexMutex());
    auto found = Index().find(env);
    return found != Index().end() && !found->second->OnOwnerThread();
  }

  // JS thread. Adds `hook` to the registry of `env` (made if needed); it runs
  // once, as (env, kind), at `when`. Returns its id for RemoveHook, or 0 when
  // nothing was added: off the JS thread of a known environment, or once the
  // environment can no longer run JS.
  static uint64_t AddHook(napi_env env, Hook hook, HookTime when = HookTime::kTeardown) {
    if (KnownOffOwnerThread(env)) return 0;  // misuse: no N-API call here
    EnvRegistry* registry = For(env);
    return registry == nullptr ? 0 : registry->Add(std::move(hook), when);
  }

  // JS thread. Removes the hook `id` of `env` that has not run yet; false if
  // there was none, or when called off the JS thread of a known environment.
  static bool RemoveHook(napi_env env, uint64_t id) {
    if (id == 0 || KnownOffOwnerThread(env)) return false;
    EnvRegistry* registry = Find(env);
    return registry != nullptr && registry->Remove(id);
  }

  bool OnOwnerThread() const noexcept { return std::this_thread::get_id() == owner_; }

  // JS thread, once per environment: on 'beforeExit' (the loop ran out of
  // work) every member gets OnBeforeExit(), so a kWhilePending callback whose
  // closures were accepted from other threads while its handle was unref'd
  // can keep the loop alive until they ran. Best effort: a failure leaves no
  // exception pending.
  void WatchBeforeExit() {
    Listen(&before_exit_, &tried_before_exit_, "beforeExit",
           &EnvRegistry::Dispatch<&EnvRegistry::OnBeforeExit>);
  }

  // A member created after the callbacks were closed is closed at once.
  void Link(EnvMember* member) {
    members_.push_back(member);
    if (closing_members_) member->CloseForTeardown();
  }

  // From a member's final close (its uv handle closed).
  void Unlink(EnvMember* member) {
    members_.erase(std::remove(members_.begin(), members_.end(), member), members_.end());
    FinishIfDone();
  }

 private:
  struct Entry {
    uint64_t id;
    HookTime when;
    Hook hook;
  };

  // The data of a process listener: the listener function may outlive the
  // registry (it goes with the environment's finalizers), and the registry
  // the function. Whichever goes first tells the other.
  struct Listener {
    EnvRegistry* registry;
  };

  explicit EnvRegistry(napi_env env)
      : env_(env), owner_(std::this_thread::get_id()), host_(DetectHost(env)) {
    uv_loop_t* loop = nullptr;
    napi_get_uv_event_loop(env, &loop);
    uv_loop_t* main_loop = uv_default_loop();
    if (main_loop != nullptr) {
      kind_ = loop == main_loop ? EnvKind::kMain : EnvKind::kWorker;
    } else {
      kind_ = KindFromJs(env);  // Deno: no default loop to compare with
    }
  }

  ~EnvRegistry() {
    for (Listener* listener : {before_exit_, exit_}) {
      if (listener != nullptr) listener->registry = nullptr;
    }
  }

  // The index, one per addon (TSCB_ADDON_LOCAL).
  TSCB_ADDON_LOCAL static std::mutex& IndexMutex() {
    static std::mutex* mutex = new std::mutex;  // never destroyed: Workers may outlive exit()
    return *mutex;
  }
  TSCB_ADDON_LOCAL static std::unordered_map<napi_env, EnvRegistry*>& Index() {
    static auto* index = new std::unordered_map<napi_env, EnvRegistry*>;
    return *index;
  }

  uint64_t Add(Hook hook, HookTime when) {
    if (when == HookTime::kTeardownOrProcessExit) {
      Listen(&exit_, &tried_exit_, "exit", &EnvRegistry::Dispatch<&EnvRegistry::OnProcessExit>);
    }
    const uint64_t id = next_hook_id_++;
    hooks_.push_back(Entry{id, when, std::move(hook)});
    return id;
  }

  bool Remove(uint64_t id) {
    auto found = std::find_if(hooks_.begin(), hooks_.end(),
                              [id](const Entry& entry) { return entry.id == id; });
    if (found == hooks_.end()) return false;
    hooks_.erase(found);
    return true;
  }

  // process.on(event, f) once per registry, f calling `callback` with this
  // registry. Best effort: a failure leaves no exception pending.
  void Listen(Listener** slot, bool* tried, const char* event, napi_callback callback) {
    if (*tried) return;
    *tried = true;
    auto* listener = new Listener{this};
    napi_value function = js::ListenToProcess(env_, event, callback, listener);
    if (function == nullptr) {
      delete listener;
      return;
    }
    *slot = listener;  // without a finalizer it stays, emptied by ~EnvRegistry
    if (napi_add_finalizer(env_, function, listener, &EnvRegistry::ForgetListener, nullptr,
                           nullptr) != napi_ok) {
      js::TakePendingException(env_);
    }
  }

  template <void (EnvRegistry::*callback)()>
  static napi_value Dispatch(napi_env env, napi_callback_info info) {
    void* data = nullptr;
    napi_get_cb_info(env, info, nullptr, nullptr, nullptr, &data);
    EnvRegistry* self = static_cast<Listener*>(data)->registry;
    if (self != nullptr) (self->*callback)();
    return nullptr;
  }

  static void ForgetListener(napi_env, void* data, void*) {
    auto* listener = static_cast<Listener*>(data);
    if (EnvRegistry* self = listener->registry) {
      if (self->before_exit_ == listener) self->before_exit_ = nullptr;
      if (self->exit_ == listener) self->exit_ = nullptr;
    }
    delete listener;
  }

  void OnBeforeExit() {
    for (EnvMember* member : std::vector<EnvMember*>(members_)) member->OnBeforeExit();
  }

  // 'exit': the hooks that asked for it run now, last added first.
  void OnProcessExit() { RunHooks(HookTime::kTeardownOrProcessExit); }

  static void OnTeardown(napi_async_cleanup_hook_handle handle, void* arg) {
    auto* self = static_cast<EnvRegistry*>(arg);
    self->cleanup_handle_ = handle;
    self->tearing_down_ = true;
    // Neither JS nor the environment's uv handles can be touched from another
    // thread: a runtime that runs the hook elsewhere gets nothing done here
    // (the registry and its callbacks are left as they are).
    if (!self->OnOwnerThread()) return;
    self->in_teardown_hook_ = true;
    self->RunHooks(HookTime::kTeardown);
    self->closing_members_ = true;
    // Closing unlinks a member synchronously where uv_close() calls back at
    // once (Deno): the registry outlives this loop either way, and a member
    // already gone is skipped.
    const std::vector<EnvMember*> members = self->members_;
    for (EnvMember* member : members) {
      const auto& live = self->members_;
      if (std::find(live.begin(), live.end(), member) != live.end()) member->CloseForTeardown();
    }
    self->in_teardown_hook_ = false;
    self->FinishIfDone();
  }

  // Runs (and removes) the hooks due at `time`, last added first: every hook
  // at kTeardown, those that asked for it at kTeardownOrProcessExit. A hook
  // may add or remove hooks.
  void RunHooks(HookTime time) {
    for (;;) {
      auto due = std::find_if(hooks_.rbegin(), hooks_.rend(), [time](const Entry& entry) {
        return time == HookTime::kTeardown || entry.when == time;
      });
      if (due == hooks_.rend()) return;
      Hook hook = std::move(due->hook);
      hooks_.erase(std::next(due).base());
#if TSCB_HAS_EXCEPTIONS
      try {
        hook(env_, kind_);
      } catch (...) {  // nowhere to report it during teardown
      }
#else
      hook(env_, kind_);
#endif
      js::TakePendingException(env_);
    }
  }

  void FinishIfDone() {
    if (!tearing_down_ || in_teardown_hook_ || !members_.empty()) return;
    {
      std::lock_guard<std::mutex> lock(IndexMutex());
      Index().erase(env_);
    }
    // Node: the hook is done when it is removed. Deno frees the handle itself
    // once the hook returns, and never waits for the rest.
    if (host_ != Host::kDeno) napi_remove_async_cleanup_hook(cleanup_handle_);
    delete this;
  }

  const napi_env env_;
  const std::thread::id owner_;
  const Host host_;
  EnvKind kind_;
  napi_async_cleanup_hook_handle cleanup_handle_ = nullptr;
  std::vector<Entry> hooks_;
  uint64_t next_hook_id_ = 1;
  std::vector<EnvMember*> members_;
  Listener* before_exit_ = nullptr;
  Listener* exit_ = nullptr;
  bool tried_before_exit_ = false;
  bool tried_exit_ = false;
  bool tearing_down_ = false;
  bool closing_members_ = false;
  bool in_teardown_hook_ = false;
};

}  // namespace detail
}  // namespace tscb

#endif  // TSCB_NAPI_ENV_REGISTRY_H_
