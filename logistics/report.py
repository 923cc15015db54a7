def write_report(results, path):
    raise NotImplementedError
