with ({}) {}
