"""Recording a reference trajectory from Gymnasium, shared by scripts/record_*_reference.py: play one
episode of ENV_ID from a reset (optionally moved to a fixed state), choosing each action with
choose(t, state), and keep every step's action, state, observation, reward and ending, with floats
written by repr so that they round-trip exactly (read by test/support/gymnasium_fixture.ts).
"""
import numpy as np


def record_case(env_id, name, choose, *, seed=0, start=None, rule=None, max_steps=600, action_json=lambda a: a):
    import gymnasium as gym

    env = gym.make(env_id)
    observation, _ = env.reset(seed=seed)
    if start is not None:
        env.unwrapped.state = np.array(start, dtype=np.float64)
        observation = env.unwrapped._get_obs() if hasattr(env.unwrapped, "_get_obs") else np.array(env.unwrapped.state, dtype=np.float32)
    case = {
        "name": name,
        "initial_state": [float(v) for v in env.unwrapped.state],
        "initial_observation": [float(v) for v in observation],
        "rule": rule,
        "steps": [],
    }
    for t in range(max_steps):
        action = choose(t, env.unwrapped.state)
        observation, reward, terminated, truncated, _ = env.step(action)
        case["steps"].append({
            "action": action_json(action),
            "state": [float(v) for v in env.unwrapped.state],
            "observation": [float(v) for v in observation],
            "reward": float(reward),
            "terminated": bool(terminated),
            "truncated": bool(truncated),
        })
        if terminated or truncated:
            break
    env.close()
    return case
