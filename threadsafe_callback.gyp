# The target other addons depend on: `require('threadsafe-callback').gyp`.
# It adds the include directories that <threadsafe_callback.h> needs (its own,
# moodycamel ConcurrentQueue's, node-addon-api's) and forces no exception mode.
{
  'targets': [
    {
      'target_name': 'threadsafe_callback',
      'type': 'none',
      'direct_dependent_settings': {
        'include_dirs': [
          'include',
          '<!(node tools/find-concurrentqueue.js)',
          '<!(node -p "require(\'node-addon-api\').include_dir")',
        ],
      },
    },
  ],
}
