// A move-only, type-erased closure with inline storage: the queue's element.
// No N-API here: a Task is run with an opaque context pointer that the layer
// above interprets.
#ifndef TSCB_CORE_TASK_H_
#define TSCB_CORE_TASK_H_

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

#include "tscb/config.h"

namespace tscb {
namespace detail {

class Task {
 public:
  // Closures up to this size (and alignment) are stored inline: no allocation.
  static constexpr std::size_t kInlineSize = 40;
  static constexpr std::size_t kInlineAlign = alignof(void*);

  template <class F>
  static constexpr bool kStoredInline =
      sizeof(F) <= kInlineSize && alignof(F) <= kInlineAlign &&
      std::is_nothrow_move_constructible<F>::value;

  Task() noexcept = default;

  // Wraps `fn`, invocable as `fn(void* context)`. Inline when it fits,
  // otherwise one heap allocation.
  template <class F, class D = std::decay_t<F>,
            class = std::enable_if_t<!std::is_same<D, Task>::value>>
  explicit Task(F&& fn) : ops_(&OpsFor<D>::kOps) {
    if constexpr (kStoredInline<D>) {
      ::new (static_cast<void*>(storage_)) D(std::forward<F>(fn));
    } else {
      D* heap = new D(std::forward<F>(fn));
      ::new (static_cast<void*>(storage_)) D*(heap);
    }
  }

  Task(Task&& other) noexcept : ops_(other.ops_) {
    if (ops_ != nullptr) {
      ops_->relocate(other.storage_, storage_);
      other.ops_ = nullptr;
    }
  }

  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      Reset();
      ops_ = other.ops_;
      if (ops_ != nullptr) {
        ops_->relocate(other.storage_, storage_);
        other.ops_ = nullptr;
      }
    }
    return *this;
  }

  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;

  ~Task() { Reset(); }

  explicit operator bool() const noexcept { return ops_ != nullptr; }

  // Runs the closure, then destroys it. The Task is empty afterwards, even when
  // the closure throws.
  void RunOnce(void* context) {
    const Ops* ops = ops_;
    ops_ = nullptr;
    Destroyer destroy_after{ops, storage_};
    ops->run(storage_, context);
  }

  // Destroys the closure without running it. Idempotent.
  void Reset() noexcept {
    if (ops_ != nullptr) {
      const Ops* ops = ops_;
      ops_ = nullptr;
      ops->destroy(storage_);
    }
  }

 private:
  struct Ops {
    void (*run)(void* storage, void* context);
    void (*destroy)(void* storage) noexcept;
    void (*relocate)(void* from, void* to) noexcept;  // move-construct `to`, destroy `from`
  };

  struct Destroyer {
    const Ops* ops;
    void* storage;
    ~Destroyer() { ops->destroy(storage); }
  };

  // One per addon (TSCB_ADDON_LOCAL): kOps is a static member of a class
  // template, which g++ would otherwise share across every addon in the process.
  template <class D>
  struct TSCB_ADDON_LOCAL OpsFor {
    static D& Get(void* storage) noexcept {
      if constexpr (kStoredInline<D>) {
        return *std::launder(static_cast<D*>(storage));
      } else {
        return **std::launder(static_cast<D**>(storage));
      }
    }
    static void Run(void* storage, void* context) { Get(storage)(context); }
    static void Destroy(void* storage) noexcept {
      if constexpr (kStoredInline<D>) {
        Get(storage).~D();
      } else {
        delete &Get(storage);
      }
    }
    static void Relocate(void* from, void* to) noexcept {
      if constexpr (kStoredInline<D>) {
        D& source = Get(from);
        ::new (to) D(std::move(source));
        source.~D();
      } else {
        ::new (to) D*(&Get(from));
      }
    }
    static constexpr Ops kOps{&Run, &Destroy, &Relocate};
  };

  const Ops* ops_ = nullptr;
  alignas(kInlineAlign) unsigned char storage_[kInlineSize];
};

static_assert(sizeof(Task) == 48, "a Task is one pointer plus its inline storage");

}  // namespace detail
}  // namespace tscb

#endif  // TSCB_CORE_TASK_H_
