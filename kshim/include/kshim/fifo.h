/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A FIFO on a vector, for kshim's and the executor's per-boot queues.
 * std::deque allocates even when empty, and a boot builds a few dozen
 * queues that mostly stay empty; this allocates on the first push only.
 */
#pragma once

#include <cstddef>
#include <vector>

namespace kshim {

template <typename T> class Fifo {
	std::vector<T> v;
	size_t head = 0;

	void compact()
	{
		if (head == v.size()) {
			v.clear();
			head = 0;
		} else if (head >= 64 && 2 * head >= v.size()) {
			v.erase(v.begin(), v.begin() + head);
			head = 0;
		}
	}

public:
	bool empty() const { return head == v.size(); }
	size_t size() const { return v.size() - head; }
	T &front() { return v[head]; }
	T &back() { return v.back(); }
	T &operator[](size_t i) { return v[head + i]; }
	void push_back(const T &x) { v.push_back(x); }
	void pop_front()
	{
		head++;
		compact();
	}
	void erase_at(size_t i)
	{
		v.erase(v.begin() + head + i);
		compact();
	}
	void clear()
	{
		v.clear();
		head = 0;
	}
	typename std::vector<T>::iterator begin() { return v.begin() + head; }
	typename std::vector<T>::iterator end() { return v.end(); }
	typename std::vector<T>::const_iterator begin() const { return v.begin() + head; }
	typename std::vector<T>::const_iterator end() const { return v.end(); }
};

} /* namespace kshim */
