// placeholder: replaced as the package grows
export {};
